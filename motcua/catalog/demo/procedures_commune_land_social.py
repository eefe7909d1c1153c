"""Commune-level procedures: construction and land, social protection, trade."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES
from motcua.catalog.demo.helpers import charge, doc, fee, field, limit, procedure, steps
from motcua.catalog.demo.procedures_commune import (
    BTXH_LAW,
    COMMUNE_TEXT,
    CULTURE_SOCIAL,
    DAT_DAI_LAW,
    ECONOMY,
    GPXD_FORM,
    NCC_LAW,
    PHONE,
    XD_LAW,
)

DAT_DAI_LAW_2025 = DAT_DAI_LAW.rstrip(".") + (
    "; Nghị định số 151/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương 02 cấp, "
    "phân quyền, phân cấp trong lĩnh vực đất đai; Nghị định số 118/2025/NĐ-CP về thực hiện thủ "
    "tục hành chính theo cơ chế một cửa, một cửa liên thông."
)

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
            field("dien_tich_xay_dung", "Diện tích xây dựng tầng 1 (m²)", "number", minimum=0),
            field("so_tang", "Số tầng", "number", integer=True, minimum=1, maximum=200),
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
        # First-time registration for individuals (not 1.012787, buyers in real-estate projects,
        # nor 1.012753, organisations): corrected in issue 6 from the national procedure pages.
        code="1.013978",
        code_checked=True,
        name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận "
        "quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với cá nhân",
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
        applicants="Cá nhân, cộng đồng dân cư đang sử dụng đất",
        result_type="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        legal_basis=DAT_DAI_LAW_2025,
        paper_result_required=True,
        verify="thời hạn; lệ phí cấp giấy chứng nhận",
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
        # The change of land use that needs no permission (registration only), 7 working days;
        # not the one that needs permission (corrected in issue 6).
        code="1.013992",
        code_checked=True,
        name="Đăng ký chuyển mục đích sử dụng đất không phải được cơ quan nhà nước có thẩm "
        "quyền cho phép",
        field_code="dat-dai",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT}; Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất "
        "đai",
        steps_text=steps("Văn phòng đăng ký đất đai"),
        **limit(
            7,
            "working_days",
            "Không quá 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        ),
        applicants="Người sử dụng đất",
        applicant_types=["individual", "organisation"],
        result_type="Giấy chứng nhận đã xác nhận nội dung biến động hoặc Giấy chứng nhận mới",
        legal_basis=DAT_DAI_LAW_2025,
        verify="tên đầy đủ; thành phần hồ sơ",
        documents=[
            doc(
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
                template="Mẫu số 11/ĐK ban hành kèm Nghị định 101/2024/NĐ-CP",
            ),
            doc("Giấy chứng nhận đã cấp", "original", reusable=True),
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
            field("ngay_sinh", "Ngày sinh", "date", maximum="today"),
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

PROCEDURES = XAY_DUNG_DAT_DAI + XA_HOI + THUONG_MAI
