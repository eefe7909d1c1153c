"""City-level procedures (departments), public service units and the tax branch."""

from __future__ import annotations

from typing import Any

from motcua.catalog.demo.agencies import (
    POLICE,
    SO_NN_MT,
    SO_TAI_CHINH,
    SO_XAY_DUNG,
)
from motcua.catalog.demo.helpers import (
    PUB_CITY,
    PUB_SECTOR,
    charge,
    doc,
    fee,
    field,
    limit,
    procedure,
    steps,
)

PHONE = field("so_dien_thoai", "Số điện thoại liên hệ", "phone")
CENTRE = "Trung tâm Phục vụ hành chính công Thành phố tiếp nhận; {dept} giải quyết"
LLTP_LAW = (
    "Luật Lý lịch tư pháp số 28/2009/QH12; Nghị định số 111/2010/NĐ-CP; Thông tư số "
    "13/2011/TT-BTP; Thông tư số 16/2013/TT-BTP; Thông tư số 244/2016/TT-BTC."
)
DN_LAW = (
    "Luật Doanh nghiệp số 59/2020/QH14 (sửa đổi, bổ sung năm 2025); Nghị định số 168/2025/NĐ-CP "
    "về đăng ký doanh nghiệp; Thông tư số 47/2019/TT-BTC."
)
DKKD = "Phòng Đăng ký kinh doanh - Sở Tài chính"
DN_DOCS_COMMON = [
    doc(
        "Bản sao giấy tờ pháp lý của cá nhân là người đại diện theo pháp luật",
        "copy",
        reusable=True,
    ),
    doc("Văn bản ủy quyền cho người nộp hồ sơ (trường hợp ủy quyền)", required=False),
]
DN_FEES = [
    charge("Lệ phí đăng ký doanh nghiệp", 50000, "đồng/lần; miễn lệ phí khi đăng ký qua mạng"),
    fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000, "đồng/lần"),
]
DN_FORM = [
    field("ten_doanh_nghiep", "Tên doanh nghiệp (tiếng Việt)"),
    field("dia_chi_tru_so", "Địa chỉ trụ sở chính"),
    field("von_dieu_le", "Vốn điều lệ (đồng)", "number", minimum=0),
    field("nganh_nghe", "Ngành, nghề kinh doanh chính"),
    field("ho_ten_dai_dien", "Họ tên người đại diện theo pháp luật"),
    field("cccd_dai_dien", "Số định danh cá nhân của người đại diện", "cccd"),
    PHONE,
]


def _enterprise(code: str, kind: str, charter_docs: list, **kw: Any) -> dict:
    return procedure(
        code=code,
        name=f"Đăng ký thành lập {kind}",
        field_code="doanh-nghiep",
        level="province",
        agencies=[SO_TAI_CHINH],
        agency_text=DKKD,
        steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Tổ chức, cá nhân thành lập doanh nghiệp",
        applicant_types=["individual", "organisation"],
        result_type="Giấy chứng nhận đăng ký doanh nghiệp",
        legal_basis=DN_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_CITY,
        documents=[
            doc(
                "Giấy đề nghị đăng ký doanh nghiệp",
                template=f"Giấy đề nghị đăng ký doanh nghiệp - {kind} (mẫu của Bộ Tài chính)",
            ),
            *charter_docs,
            *DN_DOCS_COMMON,
        ],
        fees=DN_FEES,
        **{"verify": "mã thủ tục", **kw},
    )


CHARTER = doc("Điều lệ công ty")
DOANH_NGHIEP = [
    # 2.001610 is the private enterprise (doanh nghiệp tư nhân), not the single-member LLC
    # (corrected in issue 6). 2.001599, listed before as a second private enterprise, was not
    # confirmed as any procedure and was dropped; no single-member LLC code was confirmed.
    _enterprise(
        "2.001610", "doanh nghiệp tư nhân", [], form_schema=DN_FORM, code_checked=True, verify=""
    ),
    _enterprise(
        "2.002037",
        "công ty trách nhiệm hữu hạn hai thành viên trở lên",
        [CHARTER, doc("Danh sách thành viên")],
    ),
    _enterprise(
        "2.001996",
        "công ty cổ phần",
        [
            CHARTER,
            doc("Danh sách cổ đông sáng lập; danh sách cổ đông là nhà đầu tư nước ngoài (nếu có)"),
        ],
    ),
    procedure(
        code="2.002035",
        name="Đăng ký thay đổi người đại diện theo pháp luật của công ty trách "
        "nhiệm hữu hạn, công ty cổ phần",
        field_code="doanh-nghiep",
        level="province",
        agencies=[SO_TAI_CHINH],
        agency_text=DKKD,
        steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Doanh nghiệp",
        applicant_types=["organisation"],
        result_type="Giấy chứng nhận đăng ký doanh nghiệp",
        legal_basis=DN_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_CITY,
        verify="mã thủ tục",
        documents=[
            doc("Thông báo thay đổi nội dung đăng ký doanh nghiệp"),
            doc(
                "Nghị quyết, quyết định và biên bản họp về việc thay đổi người đại diện "
                "theo pháp luật"
            ),
            *DN_DOCS_COMMON,
        ],
        fees=DN_FEES,
    ),
    procedure(
        code="2.002022",
        name="Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời "
        "hạn đã thông báo (doanh nghiệp)",
        field_code="doanh-nghiep",
        level="province",
        agencies=[SO_TAI_CHINH],
        agency_text=DKKD,
        steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Doanh nghiệp",
        applicant_types=["organisation"],
        result_type="Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng kinh doanh",
        legal_basis=DN_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_CITY,
        verify="mã thủ tục",
        documents=[doc("Thông báo tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước thời hạn")],
        fees=[charge("Lệ phí", 0, "Không thu")],
    ),
]

# Judicial record certificates are issued by the police from 1/3/2025 (not 1/7/2025), under the
# new codes 3.000333 (form no. 1) and 3.000334 (form no. 2) that replace 2.000488 and 2.000505.
# The catalogue has no validity dates, so the old codes are simply no longer in the demo
# (docs/demo-data.md says what an existing database keeps).
LLTP_AGENCY = "Công an Thành phố Hồ Chí Minh (Phòng Cảnh sát quản lý hành chính về trật tự xã hội)"
LLTP_LIMIT = limit(
    10,
    "working_days",
    "Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; "
    "trường hợp phải xác minh thì không quá 15 ngày.",
)
LLTP_FEES = [
    fee("Phí cung cấp thông tin lý lịch tư pháp", 200000, "đồng/lần/người"),
    fee(
        "Phí cung cấp thông tin lý lịch tư pháp (giảm)",
        100000,
        "sinh viên, người có công với cách mạng, thân nhân liệt sĩ",
    ),
    fee("Phí cấp Phiếu thứ ba trở đi", 5000, "đồng/Phiếu, khi yêu cầu trên 02 Phiếu"),
]
LLTP_FORM = [
    field("ho_ten", "Họ, chữ đệm và tên"),
    field("cccd", "Số định danh cá nhân", "cccd"),
    field("ngay_sinh", "Ngày sinh", "date", maximum="today"),
    field("gioi_tinh", "Giới tính", "choice", choices=["Nam", "Nữ"]),
    field("noi_sinh", "Nơi sinh"),
    field("muc_dich", "Mục đích sử dụng Phiếu"),
    field("so_ban", "Số lượng Phiếu", "number", integer=True, minimum=1, maximum=100),
    PHONE,
]
LLTP_DECLARATION = doc(
    "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
    template="Tờ khai yêu cầu cấp Phiếu LLTP (mẫu số 03/2013/TT-LLTP)",
)


def _lltp(code: str, form: str, **kw: Any) -> dict[str, Any]:
    return procedure(
        code=code,
        code_checked=True,
        name=f"Cấp Phiếu lý lịch tư pháp số {form}",
        field_code="ly-lich-tu-phap",
        level="province",
        agencies=[POLICE],
        agency_text=LLTP_AGENCY,
        steps_text=steps("Công an Thành phố"),
        **LLTP_LIMIT,
        result_type=f"Phiếu lý lịch tư pháp số {form} (bản giấy hoặc bản điện tử)",
        legal_basis=LLTP_LAW,
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_CITY,
        fees=LLTP_FEES,
        form_schema=LLTP_FORM,
        verify="văn bản giao thẩm quyền cho Công an từ 01/3/2025; quyết định công bố",
        **kw,
    )


TU_PHAP = [
    _lltp(
        "3.000333",
        "1",
        applicants="Công dân Việt Nam; người nước ngoài đã hoặc đang cư trú tại Việt Nam; cơ "
        "quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
        applicant_types=["individual", "organisation"],
        documents=[
            LLTP_DECLARATION,
            doc("Giấy tờ tùy thân của người yêu cầu", "copy", reusable=True),
            doc("Văn bản ủy quyền (trường hợp ủy quyền)", "certified_copy", required=False),
            doc(
                "Văn bản yêu cầu của cơ quan, tổ chức (trường hợp cơ quan, tổ chức yêu cầu)",
                required=False,
            ),
        ],
    ),
    _lltp(
        "3.000334",
        "2",
        applicants="Công dân Việt Nam; người nước ngoài đã hoặc đang cư trú tại Việt Nam (tự "
        "mình yêu cầu, không ủy quyền)",
        documents=[
            LLTP_DECLARATION,
            doc("Giấy tờ tùy thân của người yêu cầu", "copy", reusable=True),
        ],
    ),
]

XAY_DUNG_MOI_TRUONG = [
    procedure(
        code="1.009972",
        name="Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        field_code="xay-dung",
        level="province",
        agencies=[SO_XAY_DUNG],
        agency_text=CENTRE.format(dept="Sở Xây dựng"),
        steps_text=steps("Sở Xây dựng"),
        **limit(20, "days", "20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ đầu tư",
        applicant_types=["organisation", "individual"],
        result_type="Giấy phép xây dựng",
        legal_basis="Luật Xây dựng số 50/2014/QH13 (sửa đổi, "
        "bổ sung năm 2020); Nghị định số "
        "175/2024/NĐ-CP.",
        paper_result_required=True,
        pub=PUB_CITY,
        verify="mã thủ tục; lệ phí của TP.HCM",
        documents=[
            doc(
                "Đơn đề nghị cấp giấy phép xây dựng",
                template="Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01 Phụ lục II Nghị định "
                "175/2024/NĐ-CP)",
            ),
            doc("Giấy tờ hợp pháp về quyền sử dụng đất", "certified_copy"),
            doc("Quyết định phê duyệt dự án; văn bản thông báo kết quả thẩm định", "copy"),
            doc("Bản vẽ thiết kế xây dựng", "original", 2),
        ],
        fees=[charge("Lệ phí cấp giấy phép xây dựng công trình", 150000, "đồng/giấy phép")],
    ),
    procedure(
        code="1.010733",
        name="Cấp giấy phép môi trường (cấp tỉnh)",
        field_code="moi-truong",
        level="province",
        agencies=[SO_NN_MT],
        agency_text=CENTRE.format(dept="Sở Nông nghiệp và Môi trường"),
        steps_text=steps("Sở Nông nghiệp và Môi trường"),
        **limit(
            30,
            "days",
            "Không quá 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ (15 ngày đối với "
            "dự án không phải vận hành thử nghiệm).",
        ),
        applicants="Chủ dự án đầu tư, cơ sở",
        applicant_types=["organisation"],
        result_type="Giấy phép môi trường",
        legal_basis="Luật Bảo vệ môi trường số 72/2020/QH14; Nghị định số 08/2022/NĐ-CP; "
        "Thông tư số 02/2022/TT-BTNMT.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; phí thẩm định",
        documents=[
            doc("Văn bản đề nghị cấp giấy phép môi trường"),
            doc("Báo cáo đề xuất cấp giấy phép môi trường"),
            doc("Bản sao báo cáo nghiên cứu khả thi hoặc tài liệu tương đương", "copy"),
        ],
    ),
]

PROCEDURES = DOANH_NGHIEP + TU_PHAP + XAY_DUNG_MOI_TRUONG
