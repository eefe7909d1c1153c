"""Commune-level procedures other than civil status and certification: residence (handled by
the ward police), household businesses, building permits, land, social protection, people with
meritorious services, retail alcohol licences."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES, WARD_POLICE_CODES
from motcua.catalog.demo.helpers import charge, doc, fee, field, limit, procedure, steps

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
        fees=[
            charge("Lệ phí đăng ký thường trú", 20000, "đồng/lần, nộp hồ sơ trực tiếp"),
            charge(
                "Lệ phí đăng ký thường trú (trực tuyến)", 10000, "đồng/lần, nộp hồ sơ trực tuyến"
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
            field("thoi_han", "Thời hạn tạm trú đề nghị (tháng)", "number"),
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
            field("von_kinh_doanh", "Vốn kinh doanh (đồng)", "number"),
            field("so_lao_dong", "Số lao động", "number", required=False),
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

XAY_DUNG_DAT_DAI = [
    procedure(
        code="1.013225",
        code_checked=True,
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field_code="xay-dung",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(15, "days", "15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ đầu tư (hộ gia đình, cá nhân)",
        result_type="Giấy phép xây dựng kèm bản vẽ thiết kế được đóng dấu",
        legal_basis=XD_LAW,
        paper_result_required=True,
        verify="tên và phạm vi của mã 1.013225; mức lệ phí của TP.HCM",
        documents=[
            doc("Đơn đề nghị cấp giấy phép xây dựng", template=GPXD_FORM),
            doc("Giấy tờ hợp pháp về quyền sử dụng đất", "certified_copy", reusable=True),
            doc(
                "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)",
                "original",
                2,
            ),
            doc(
                "Bản cam kết bảo đảm an toàn đối với công trình liền kề (công trình có tầng hầm "
                "hoặc xây chen)",
                required=False,
            ),
        ],
        fees=[charge("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, "đồng/giấy phép")],
        form_schema=[
            field("ho_ten_chu_dau_tu", "Họ tên chủ đầu tư"),
            field("cccd", "Số định danh cá nhân của chủ đầu tư", "cccd"),
            field("dia_chi_cong_trinh", "Địa chỉ công trình"),
            field("so_thua", "Số thửa đất"),
            field("so_to", "Số tờ bản đồ"),
            field("dien_tich_xay_dung", "Diện tích xây dựng tầng 1 (m²)", "number"),
            field("so_tang", "Số tầng", "number"),
            PHONE,
        ],
    ),
    procedure(
        code="1.013227",
        code_checked=True,
        name="Gia hạn giấy phép xây dựng",
        field_code="xay-dung",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(5, "working_days", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ đầu tư",
        result_type="Giấy phép xây dựng được gia hạn",
        legal_basis=XD_LAW,
        paper_result_required=True,
        verify="lệ phí",
        documents=[
            doc(
                "Đơn đề nghị gia hạn giấy phép xây dựng",
                template="Đơn đề nghị gia hạn giấy phép xây dựng (Nghị định 175/2024/NĐ-CP)",
            ),
            doc("Bản chính giấy phép xây dựng đã được cấp"),
        ],
    ),
    procedure(
        code="1.013228",
        code_checked=True,
        name="Cấp lại giấy phép xây dựng",
        field_code="xay-dung",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(5, "working_days", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ đầu tư",
        result_type="Giấy phép xây dựng được cấp lại",
        legal_basis=XD_LAW,
        paper_result_required=True,
        verify="lệ phí",
        documents=[
            doc("Đơn đề nghị cấp lại giấy phép xây dựng (nêu rõ lý do)"),
            doc(
                "Bản chính giấy phép xây dựng đã được cấp (trường hợp bị rách, nát)", required=False
            ),
        ],
    ),
    procedure(
        code="1.012787",
        name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận "
        "quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        field_code="dat-dai",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT}; Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất "
        "đai",
        steps_text=steps("Ủy ban nhân dân cấp xã và Văn phòng đăng ký đất đai"),
        **limit(
            20,
            "working_days",
            "Không quá 20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ "
            "(không tính thời gian thực hiện nghĩa vụ tài chính).",
        ),
        applicants="Hộ gia đình, cá nhân, cộng đồng dân cư đang sử dụng đất",
        result_type="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        legal_basis=DAT_DAI_LAW,
        paper_result_required=True,
        verify="mã thủ tục (1.012787 hay 1.012753); thời hạn; lệ phí cấp giấy chứng nhận",
        documents=[
            doc(
                "Đơn đăng ký đất đai, tài sản gắn liền với đất",
                template="Mẫu số 04/ĐK ban hành kèm Nghị định 101/2024/NĐ-CP",
            ),
            doc("Giấy tờ về quyền sử dụng đất (nếu có)", "copy", required=False),
            doc("Chứng từ thực hiện nghĩa vụ tài chính (nếu có)", "copy", required=False),
        ],
    ),
    procedure(
        code="1.013992",
        name="Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền "
        "đối với cá nhân",
        field_code="dat-dai",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=COMMUNE_TEXT,
        steps_text=steps("Ủy ban nhân dân cấp xã"),
        **limit(
            15,
            "working_days",
            "Không quá 15 ngày làm việc (không tính thời gian xác định "
            "và thực hiện nghĩa vụ tài chính).",
        ),
        applicants="Cá nhân sử dụng đất",
        result_type="Quyết định cho phép chuyển mục đích sử dụng đất",
        legal_basis=DAT_DAI_LAW,
        verify="mã thủ tục; thời hạn",
        documents=[
            doc(
                "Đơn xin chuyển mục đích sử dụng đất",
                template="Mẫu số 02c ban hành kèm Nghị định 102/2024/NĐ-CP",
            ),
            doc("Giấy chứng nhận quyền sử dụng đất", "copy", reusable=True),
        ],
    ),
]

XA_HOI = [
    procedure(
        code="1.001776",
        code_checked=True,
        name="Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí "
        "chăm sóc, nuôi dưỡng hằng tháng",
        field_code="bao-tro-xa-hoi",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=CULTURE_SOCIAL,
        steps_text=steps(CULTURE_SOCIAL),
        **limit(
            15,
            "working_days",
            "Không quá 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ "
            "(bao gồm thời gian xét duyệt và niêm yết công khai).",
        ),
        applicants="Đối tượng bảo trợ xã hội hoặc người giám hộ, người thân",
        result_type="Quyết định trợ cấp xã hội hằng tháng",
        legal_basis=BTXH_LAW,
        channels=["counter", "online"],
        verify="thời hạn sau khi chuyển thẩm quyền về cấp xã",
        documents=[
            doc(
                "Tờ khai đề nghị trợ giúp xã hội",
                template="Tờ khai (mẫu số 1a–1g Nghị định 20/2021/NĐ-CP)",
            ),
            doc("Giấy xác nhận khuyết tật (đối với người khuyết tật)", "copy", required=False),
        ],
        form_schema=[
            field("ho_ten", "Họ tên đối tượng"),
            field("cccd", "Số định danh cá nhân", "cccd"),
            field("ngay_sinh", "Ngày sinh", "date"),
            field(
                "nhom_doi_tuong",
                "Nhóm đối tượng",
                "choice",
                choices=[
                    "Người cao tuổi",
                    "Người khuyết tật",
                    "Trẻ em không có nguồn nuôi dưỡng",
                    "Người đơn thân nghèo đang nuôi con",
                    "Khác",
                ],
            ),
            field("dia_chi", "Nơi cư trú"),
            PHONE,
        ],
    ),
    procedure(
        code="1.001699",
        code_checked=True,
        name="Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
        field_code="bao-tro-xa-hoi",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=CULTURE_SOCIAL + "; Hội đồng xác định mức độ khuyết tật cấp xã",
        steps_text=steps("Hội đồng xác định mức độ khuyết tật"),
        **limit(30, "days", "30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người khuyết tật hoặc người đại diện hợp pháp",
        result_type="Giấy xác nhận khuyết tật",
        legal_basis="Luật Người khuyết tật số 51/2010/QH12; Nghị định số 28/2012/NĐ-CP; "
        "Thông tư số 01/2019/TT-BLĐTBXH.",
        verify="thời hạn",
        documents=[
            doc(
                "Đơn đề nghị xác định mức độ khuyết tật",
                template="Mẫu số 01 Thông tư 01/2019/TT-BLĐTBXH",
            ),
            doc(
                "Bệnh án, giấy tờ khám, điều trị, kết luận của cơ quan y tế (nếu có)",
                "copy",
                required=False,
            ),
        ],
    ),
    procedure(
        code="1.001731",
        code_checked=True,
        name="Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        field_code="bao-tro-xa-hoi",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=CULTURE_SOCIAL,
        steps_text=steps(CULTURE_SOCIAL),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Cơ quan, tổ chức, cá nhân đứng ra tổ chức mai táng",
        applicant_types=["individual", "organisation"],
        result_type="Quyết định hỗ trợ chi phí mai táng",
        legal_basis=BTXH_LAW,
        verify="thời hạn",
        documents=[
            doc(
                "Tờ khai đề nghị hỗ trợ chi phí mai táng",
                template="Mẫu số 04 Nghị định 20/2021/NĐ-CP",
            ),
            doc("Giấy báo tử hoặc Trích lục khai tử", "copy", reusable=True),
        ],
    ),
    procedure(
        code="1.010833",
        code_checked=True,
        name="Cấp giấy xác nhận thân nhân của người có công",
        field_code="nguoi-co-cong",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=CULTURE_SOCIAL,
        steps_text=steps(CULTURE_SOCIAL),
        **limit(5, "working_days", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Thân nhân của người có công với cách mạng",
        result_type="Giấy xác nhận thân nhân của người có công",
        legal_basis=NCC_LAW,
        verify="thời hạn; cơ quan thực hiện",
        documents=[
            doc(
                "Đơn đề nghị xác nhận thân nhân của người có công",
                template="Mẫu ban hành kèm Nghị định 131/2021/NĐ-CP",
            ),
            doc("Giấy tờ chứng minh quan hệ thân nhân", "copy", reusable=True),
        ],
    ),
]

THUONG_MAI = [
    procedure(
        code="2.000620",
        name="Cấp Giấy phép bán lẻ sản phẩm rượu",
        field_code="luu-thong-hang-hoa",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=ECONOMY,
        steps_text=steps(ECONOMY),
        **limit(10, "working_days", "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Thương nhân, hộ kinh doanh",
        applicant_types=["organisation", "individual"],
        result_type="Giấy phép bán lẻ sản phẩm rượu (thời hạn 05 năm)",
        legal_basis="Nghị định số 105/2017/NĐ-CP về kinh doanh rượu (sửa đổi, bổ sung bởi Nghị "
        "định số 17/2020/NĐ-CP); Thông tư số 168/2016/TT-BTC.",
        verify="mã thủ tục; cơ quan cấp sau 1/7/2025",
        documents=[
            doc(
                "Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu",
                template="Mẫu số 01 Phụ lục Nghị định 105/2017/NĐ-CP",
            ),
            doc(
                "Giấy chứng nhận đăng ký doanh nghiệp hoặc đăng ký hộ kinh doanh",
                "copy",
                reusable=True,
            ),
            doc("Giấy tờ chứng minh quyền sử dụng hợp pháp địa điểm kinh doanh", "copy"),
            doc(
                "Văn bản giới thiệu hoặc hợp đồng mua bán với thương nhân sản xuất, phân phối "
                "hoặc bán buôn sản phẩm rượu",
                "copy",
            ),
        ],
        fees=[
            fee(
                "Phí thẩm định điều kiện kinh doanh bán lẻ rượu",
                1200000,
                "đồng/điểm kinh doanh/lần thẩm định (khu vực thành phố trực thuộc trung ương)",
            )
        ],
    ),
]

PROCEDURES = CU_TRU + HO_KINH_DOANH + XAY_DUNG_DAT_DAI + XA_HOI + THUONG_MAI
