"""Commune-level procedures other than civil status and certification: residence (handled by
the ward police), household businesses, building permits, land, social protection, people with
meritorious services, retail alcohol licences."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES, WARD_POLICE_CODES
from motcua.catalog.demo.helpers import charge, doc, field, limit, procedure, steps

COMMUNE_TEXT = "Ủy ban nhân dân xã, phường, đặc khu"
ECONOMY = (
    "Phòng Kinh tế (xã, đặc khu) hoặc Phòng Kinh tế, Hạ tầng và Đô thị (phường) thuộc "
    "Ủy ban nhân dân cấp xã"
)
CULTURE_SOCIAL = "Phòng Văn hóa - Xã hội thuộc Ủy ban nhân dân cấp xã"
PHONE = field("so_dien_thoai", "Số điện thoại liên hệ", "phone")

CU_TRU_LAW = (
    "Luật Cư trú số 68/2020/QH14; Nghị định số 154/2024/NĐ-CP; Thông tư số 55/2021/TT-BCA "
    "(sửa đổi, bổ sung bởi Thông tư số 66/2023/TT-BCA); Thông tư số 75/2022/TT-BTC."
)
CT01 = "Tờ khai thay đổi thông tin cư trú (mẫu CT01, Thông tư 66/2023/TT-BCA)"
HKD_LAW = (
    "Luật Doanh nghiệp số 59/2020/QH14; Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp; "
    "Thông tư số 85/2019/TT-BTC."
)
XD_LAW = (
    "Luật Xây dựng số 50/2014/QH13 (sửa đổi, bổ sung bởi Luật số 62/2020/QH14); Nghị định số "
    "175/2024/NĐ-CP; Thông tư số 85/2019/TT-BTC."
)
DAT_DAI_LAW = (
    "Luật Đất đai số 31/2024/QH15; Nghị định số 101/2024/NĐ-CP; Nghị định số 102/2024/NĐ-CP."
)
BTXH_LAW = "Nghị định số 20/2021/NĐ-CP (sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP)."
NCC_LAW = (
    "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14; Nghị định số 131/2021/NĐ-CP."
)
GPXD_FORM = "Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01 Phụ lục II Nghị định 175/2024/NĐ-CP)"

CU_TRU = [
    procedure(
        code="1.004222",
        code_checked=True,
        name="Đăng ký thường trú",
        field_code="cu-tru",
        level="commune",
        agencies=WARD_POLICE_CODES,
        agency_text="Công an xã, phường, đặc khu",
        steps_text=steps("Công an cấp xã"),
        **limit(7, "working_days", "07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Công dân Việt Nam có chỗ ở hợp pháp",
        result_type="Thông tin cư trú được cập nhật trong Cơ sở dữ liệu về cư trú; thông báo "
        "kết quả",
        legal_basis=CU_TRU_LAW,
        requirements="Điều kiện đăng ký thường trú theo Luật Cư trú, Điều 20.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[
            doc("Tờ khai thay đổi thông tin cư trú", template=CT01),
            doc("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", "copy", reusable=True),
            doc(
                "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ (khi đăng ký vào chỗ ở của "
                "người khác)",
                "copy",
                required=False,
            ),
        ],
        # Circular 75/2022/TT-BTC: 20,000 đ at the counter, 10,000 đ online; exemptions Art. 4.
        fee_before_processing=True,
        fees=[
            charge(
                "Lệ phí đăng ký thường trú",
                20000,
                "20.000 đồng/lần nộp trực tiếp; 10.000 đồng/lần nộp trực tuyến",
                online=10000,
                exempt=("meritorious", "poor_household", "disabled", "child_under_6"),
            ),
        ],
        form_schema=[
            field("ho_ten", "Họ, chữ đệm và tên"),
            field("cccd", "Số định danh cá nhân", "cccd"),
            field("dia_chi_moi", "Địa chỉ đề nghị đăng ký thường trú"),
            field(
                "quan_he_chu_ho",
                "Quan hệ với chủ hộ",
                "choice",
                choices=["Chủ hộ", "Vợ/chồng", "Con", "Cha/mẹ", "Khác"],
            ),
            field("cccd_chu_ho", "Số định danh cá nhân của chủ hộ", "cccd", required=False),
            PHONE,
        ],
    ),
    procedure(
        code="1.004194",
        code_checked=True,
        name="Đăng ký tạm trú",
        field_code="cu-tru",
        level="commune",
        agencies=WARD_POLICE_CODES,
        agency_text="Công an xã, phường, đặc khu",
        steps_text=steps("Công an cấp xã"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Công dân Việt Nam đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi đơn vị "
        "hành chính cấp xã nơi đã đăng ký thường trú từ 30 ngày trở lên",
        result_type="Thông tin tạm trú được cập nhật trong Cơ sở dữ liệu về cư trú",
        legal_basis=CU_TRU_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[
            doc("Tờ khai thay đổi thông tin cư trú", template=CT01),
            doc(
                "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp (hợp đồng thuê, cho mượn, cho ở nhờ)",
                "copy",
            ),
        ],
        fees=[
            charge("Lệ phí đăng ký tạm trú", 15000, "đồng/lần, nộp hồ sơ trực tiếp"),
            charge("Lệ phí đăng ký tạm trú (trực tuyến)", 7000, "đồng/lần, nộp trực tuyến"),
        ],
        form_schema=[
            field("ho_ten", "Họ, chữ đệm và tên"),
            field("cccd", "Số định danh cá nhân", "cccd"),
            field("dia_chi_tam_tru", "Địa chỉ đề nghị đăng ký tạm trú"),
            field(
                "thoi_han",
                "Thời hạn tạm trú đề nghị (tháng)",
                "number",
                integer=True,
                minimum=1,
                maximum=24,  # at most 2 years (Law on Residence 2020, Art. 27)
            ),
            PHONE,
        ],
    ),
    procedure(
        code="1.002755",
        code_checked=True,
        name="Gia hạn tạm trú",
        field_code="cu-tru",
        level="commune",
        agencies=WARD_POLICE_CODES,
        agency_text="Công an xã, phường, đặc khu",
        steps_text=steps("Công an cấp xã"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Công dân đã đăng ký tạm trú",
        result_type="Thời hạn tạm trú được gia hạn",
        legal_basis=CU_TRU_LAW,
        requirements="Làm thủ tục trong 15 ngày trước ngày hết hạn tạm trú.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[doc("Tờ khai thay đổi thông tin cư trú", template=CT01)],
        fees=[
            charge("Lệ phí gia hạn tạm trú", 15000, "đồng/lần, nộp hồ sơ trực tiếp"),
            charge("Lệ phí gia hạn tạm trú (trực tuyến)", 7000, "đồng/lần, nộp trực tuyến"),
        ],
    ),
    procedure(
        code="1.010038",
        code_checked=True,
        name="Tách hộ",
        field_code="cu-tru",
        level="commune",
        agencies=WARD_POLICE_CODES,
        agency_text="Công an xã, phường, đặc khu",
        steps_text=steps("Công an cấp xã"),
        **limit(5, "working_days", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Thành viên hộ gia đình có năng lực hành vi dân sự đầy đủ, cùng thường trú "
        "tại một chỗ ở hợp pháp",
        result_type="Thông tin hộ gia đình được cập nhật trong Cơ sở dữ liệu về cư trú",
        legal_basis=CU_TRU_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        verify="thời hạn",
        documents=[
            doc(
                "Tờ khai thay đổi thông tin cư trú (ghi rõ ý kiến đồng ý của chủ hộ)", template=CT01
            )
        ],
        fees=[
            charge("Lệ phí tách hộ", 10000, "đồng/lần, nộp hồ sơ trực tiếp"),
            charge("Lệ phí tách hộ (trực tuyến)", 5000, "đồng/lần, nộp trực tuyến"),
        ],
    ),
]

HKD_DOCS_REQUEST = doc(
    "Giấy đề nghị đăng ký hộ kinh doanh",
    template="Giấy đề nghị đăng ký hộ kinh doanh (mẫu của Bộ Tài chính)",
)
HO_KINH_DOANH = [
    procedure(
        code="1.001612",
        code_checked=True,
        name="Đăng ký thành lập hộ kinh doanh",
        field_code="ho-kinh-doanh",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân "
        "sự đầy đủ",
        result_type="Giấy chứng nhận đăng ký hộ kinh doanh",
        legal_basis=HKD_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        verify="mức lệ phí của TP.HCM; miễn lệ phí khi nộp trực tuyến",
        documents=[
            HKD_DOCS_REQUEST,
            doc(
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (trường "
                "hợp các thành viên hộ gia đình cùng đăng ký)",
                required=False,
            ),
            doc(
                "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh "
                "doanh",
                "certified_copy",
                required=False,
            ),
        ],
        fees=[charge("Lệ phí đăng ký hộ kinh doanh", 100000, "đồng/lần")],
        form_schema=[
            field("ten_ho_kinh_doanh", "Tên hộ kinh doanh"),
            field("dia_diem", "Địa điểm kinh doanh"),
            field("nganh_nghe", "Ngành, nghề kinh doanh"),
            field("von_kinh_doanh", "Vốn kinh doanh (đồng)", "number", minimum=0),
            field("so_lao_dong", "Số lao động", "number", required=False, integer=True, minimum=0),
            field("ho_ten_chu_ho", "Họ tên chủ hộ kinh doanh"),
            field("cccd_chu_ho", "Số định danh cá nhân của chủ hộ", "cccd"),
            PHONE,
        ],
    ),
    procedure(
        code="2.000720",
        code_checked=True,
        name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        field_code="ho-kinh-doanh",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ hộ kinh doanh",
        result_type="Giấy chứng nhận đăng ký hộ kinh doanh",
        legal_basis=HKD_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        verify="mức lệ phí của TP.HCM",
        documents=[
            doc(
                "Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
                template="Thông báo thay đổi nội dung đăng ký hộ kinh doanh (mẫu của Bộ Tài chính)",
            )
        ],
        fees=[charge("Lệ phí đăng ký thay đổi nội dung hộ kinh doanh", 100000, "đồng/lần")],
    ),
    procedure(
        code="1.001570",
        code_checked=True,
        name="Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh "
        "doanh",
        field_code="ho-kinh-doanh",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận được thông báo hợp lệ."),
        applicants="Chủ hộ kinh doanh",
        result_type="Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh",
        legal_basis=HKD_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[
            doc(
                "Thông báo về việc tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước "
                "thời hạn đã thông báo"
            )
        ],
        fees=[charge("Lệ phí", 0, "Không thu")],
    ),
    procedure(
        code="1.001266",
        code_checked=True,
        name="Chấm dứt hoạt động hộ kinh doanh",
        field_code="ho-kinh-doanh",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ hộ kinh doanh",
        result_type="Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
        legal_basis=HKD_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[doc("Thông báo về việc chấm dứt hoạt động hộ kinh doanh")],
    ),
]

PROCEDURES = CU_TRU + HO_KINH_DOANH
