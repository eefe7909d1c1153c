"""City-level procedures (departments), public service units and the tax branch."""

from __future__ import annotations

from motcua.catalog.demo.agencies import (
    SO_CONG_THUONG,
    SO_GD_DT,
    SO_NN_MT,
    SO_NOI_VU,
    SO_TAI_CHINH,
    SO_TU_PHAP,
    SO_XAY_DUNG,
    SO_Y_TE,
    TAX,
)
from motcua.catalog.demo.helpers import (
    CUTOFF_15H,
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
    doc("Bản sao giấy tờ pháp lý của cá nhân là người đại diện theo pháp luật", "copy",
        reusable=True),
    doc("Văn bản ủy quyền cho người nộp hồ sơ (trường hợp ủy quyền)", required=False),
]
DN_FEES = [
    charge("Lệ phí đăng ký doanh nghiệp", 50000, "đồng/lần; miễn lệ phí khi đăng ký qua mạng"),
    fee("Phí công bố nội dung đăng ký doanh nghiệp", 100000, "đồng/lần"),
]
DN_FORM = [
    field("ten_doanh_nghiep", "Tên doanh nghiệp (tiếng Việt)"),
    field("dia_chi_tru_so", "Địa chỉ trụ sở chính"),
    field("von_dieu_le", "Vốn điều lệ (đồng)", "number"),
    field("nganh_nghe", "Ngành, nghề kinh doanh chính"),
    field("ho_ten_dai_dien", "Họ tên người đại diện theo pháp luật"),
    field("cccd_dai_dien", "Số định danh cá nhân của người đại diện", "cccd"),
    PHONE,
]


def _enterprise(code: str, kind: str, charter_docs: list, **kw) -> dict:
    return procedure(
        code=code, name=f"Đăng ký thành lập {kind}", field_code="doanh-nghiep",
        level="province", agencies=[SO_TAI_CHINH], agency_text=DKKD, steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Tổ chức, cá nhân thành lập doanh nghiệp",
        applicant_types=["individual", "organisation"],
        result_type="Giấy chứng nhận đăng ký doanh nghiệp", legal_basis=DN_LAW,
        online_type="end_to_end", eligible_end_to_end=True, pub=PUB_CITY,
        documents=[doc("Giấy đề nghị đăng ký doanh nghiệp",
                       template=f"Giấy đề nghị đăng ký doanh nghiệp - {kind} (mẫu của Bộ Tài "
                                "chính)"), *charter_docs, *DN_DOCS_COMMON],
        fees=DN_FEES, verify="mã thủ tục", **kw,
    )


CHARTER = doc("Điều lệ công ty")
DOANH_NGHIEP = [
    _enterprise("2.001610", "công ty trách nhiệm hữu hạn một thành viên", [CHARTER],
                form_schema=DN_FORM),
    _enterprise("2.002037", "công ty trách nhiệm hữu hạn hai thành viên trở lên",
                [CHARTER, doc("Danh sách thành viên")]),
    _enterprise("2.001996", "công ty cổ phần",
                [CHARTER, doc("Danh sách cổ đông sáng lập; danh sách cổ đông là nhà đầu tư nước "
                              "ngoài (nếu có)")]),
    _enterprise("2.001599", "doanh nghiệp tư nhân", []),
    procedure(
        code="2.002035", name="Đăng ký thay đổi người đại diện theo pháp luật của công ty trách "
                              "nhiệm hữu hạn, công ty cổ phần",
        field_code="doanh-nghiep", level="province", agencies=[SO_TAI_CHINH], agency_text=DKKD,
        steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Doanh nghiệp", applicant_types=["organisation"],
        result_type="Giấy chứng nhận đăng ký doanh nghiệp", legal_basis=DN_LAW,
        online_type="end_to_end", eligible_end_to_end=True, pub=PUB_CITY, verify="mã thủ tục",
        documents=[doc("Thông báo thay đổi nội dung đăng ký doanh nghiệp"),
                   doc("Nghị quyết, quyết định và biên bản họp về việc thay đổi người đại diện "
                       "theo pháp luật"), *DN_DOCS_COMMON],
        fees=DN_FEES,
    ),
    procedure(
        code="2.002022", name="Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời "
                              "hạn đã thông báo (doanh nghiệp)",
        field_code="doanh-nghiep", level="province", agencies=[SO_TAI_CHINH], agency_text=DKKD,
        steps_text=steps(DKKD),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Doanh nghiệp", applicant_types=["organisation"],
        result_type="Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng kinh doanh",
        legal_basis=DN_LAW, online_type="end_to_end", eligible_end_to_end=True, pub=PUB_CITY,
        verify="mã thủ tục",
        documents=[doc("Thông báo tạm ngừng kinh doanh hoặc tiếp tục kinh doanh trước thời hạn")],
        fees=[charge("Lệ phí", 0, "Không thu")],
    ),
]

TU_PHAP = [
    procedure(
        code="2.000488", code_checked=True,
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
             "Việt Nam",
        field_code="ly-lich-tu-phap", level="province", agencies=[SO_TU_PHAP],
        agency_text=CENTRE.format(dept="Sở Tư pháp"), steps_text=steps("Sở Tư pháp"),
        **limit(10, "working_days", "Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; "
                                    "trường hợp phải xác minh thì không quá 15 ngày."),
        applicants="Công dân Việt Nam; người nước ngoài đã hoặc đang cư trú tại Việt Nam",
        result_type="Phiếu lý lịch tư pháp số 1 hoặc số 2 (bản giấy hoặc bản điện tử)",
        legal_basis=LLTP_LAW, online_type="end_to_end", eligible_end_to_end=True, pub=PUB_CITY,
        verify="cơ quan cấp Phiếu sau 1/7/2025 (có thông tin đã chuyển sang Công an; mã "
               "3.000333/3.000334)",
        documents=[
            doc("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                template="Tờ khai yêu cầu cấp Phiếu LLTP (mẫu số 03/2013/TT-LLTP)"),
            doc("Giấy tờ tùy thân của người yêu cầu", "copy", reusable=True),
            doc("Văn bản ủy quyền (trường hợp ủy quyền yêu cầu Phiếu số 1)", "certified_copy",
                required=False),
        ],
        fees=[
            fee("Phí cung cấp thông tin lý lịch tư pháp", 200000, "đồng/lần/người"),
            fee("Phí cung cấp thông tin lý lịch tư pháp (giảm)", 100000,
                "sinh viên, người có công với cách mạng, thân nhân liệt sĩ"),
            fee("Phí cấp Phiếu thứ ba trở đi", 5000, "đồng/Phiếu, khi yêu cầu trên 02 Phiếu"),
        ],
        form_schema=[
            field("ho_ten", "Họ, chữ đệm và tên"),
            field("cccd", "Số định danh cá nhân", "cccd"),
            field("ngay_sinh", "Ngày sinh", "date"),
            field("gioi_tinh", "Giới tính", "choice", choices=["Nam", "Nữ"]),
            field("noi_sinh", "Nơi sinh"),
            field("loai_phieu", "Loại Phiếu yêu cầu", "choice",
                  choices=["Phiếu số 1", "Phiếu số 2"]),
            field("muc_dich", "Mục đích sử dụng Phiếu"),
            field("so_ban", "Số lượng Phiếu", "number"),
            PHONE,
        ],
    ),
    procedure(
        code="2.000505", name="Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính "
                              "trị, tổ chức chính trị - xã hội",
        field_code="ly-lich-tu-phap", level="province", agencies=[SO_TU_PHAP],
        agency_text="Sở Tư pháp", steps_text=steps("Sở Tư pháp"),
        **limit(10, "working_days", "Không quá 10 ngày làm việc kể từ ngày nhận được văn bản "
                                    "yêu cầu."),
        applicants="Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
        applicant_types=["organisation"], result_type="Phiếu lý lịch tư pháp số 1",
        legal_basis=LLTP_LAW, channels=["counter", "postal", "online"], pub=PUB_CITY,
        verify="mã thủ tục",
        documents=[doc("Văn bản yêu cầu cấp Phiếu lý lịch tư pháp",
                       template="Văn bản yêu cầu (mẫu số 05/2013/TT-LLTP)")],
        fees=[fee("Phí cung cấp thông tin lý lịch tư pháp", 0, "Không thu")],
    ),
]

XAY_DUNG_MOI_TRUONG = [
    procedure(
        code="1.009972",
        name="Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        field_code="xay-dung", level="province", agencies=[SO_XAY_DUNG],
        agency_text=CENTRE.format(dept="Sở Xây dựng"), steps_text=steps("Sở Xây dựng"),
        **limit(20, "days", "20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Chủ đầu tư", applicant_types=["organisation", "individual"],
        result_type="Giấy phép xây dựng", legal_basis="Luật Xây dựng số 50/2014/QH13 (sửa đổi, "
                                                      "bổ sung năm 2020); Nghị định số "
                                                      "175/2024/NĐ-CP.",
        paper_result_required=True, pub=PUB_CITY, verify="mã thủ tục; lệ phí của TP.HCM",
        documents=[
            doc("Đơn đề nghị cấp giấy phép xây dựng",
                template="Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01 Phụ lục II Nghị định "
                         "175/2024/NĐ-CP)"),
            doc("Giấy tờ hợp pháp về quyền sử dụng đất", "certified_copy"),
            doc("Quyết định phê duyệt dự án; văn bản thông báo kết quả thẩm định", "copy"),
            doc("Bản vẽ thiết kế xây dựng", "original", 2),
        ],
        fees=[charge("Lệ phí cấp giấy phép xây dựng công trình", 150000, "đồng/giấy phép")],
    ),
    procedure(
        code="1.010733", name="Cấp giấy phép môi trường (cấp tỉnh)", field_code="moi-truong",
        level="province", agencies=[SO_NN_MT],
        agency_text=CENTRE.format(dept="Sở Nông nghiệp và Môi trường"),
        steps_text=steps("Sở Nông nghiệp và Môi trường"),
        **limit(30, "days", "Không quá 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ (15 ngày đối với "
                            "dự án không phải vận hành thử nghiệm)."),
        applicants="Chủ dự án đầu tư, cơ sở", applicant_types=["organisation"],
        result_type="Giấy phép môi trường",
        legal_basis="Luật Bảo vệ môi trường số 72/2020/QH14; Nghị định số 08/2022/NĐ-CP; "
                    "Thông tư số 02/2022/TT-BTNMT.",
        pub=PUB_SECTOR, verify="mã thủ tục; phí thẩm định",
        documents=[doc("Văn bản đề nghị cấp giấy phép môi trường"),
                   doc("Báo cáo đề xuất cấp giấy phép môi trường"),
                   doc("Bản sao báo cáo nghiên cứu khả thi hoặc tài liệu tương đương", "copy")],
    ),
]

Y_TE_THUONG_MAI = [
    procedure(
        code="2.001827", code_checked=True,
        name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, "
             "kinh doanh thực phẩm thuộc thẩm quyền của Sở Y tế",
        field_code="an-toan-thuc-pham", level="province", agencies=[SO_Y_TE],
        agency_text=CENTRE.format(dept="Sở Y tế"), steps_text=steps("Sở Y tế"),
        **limit(20, "working_days", "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (gồm "
                                    "thời gian thẩm định thực tế tại cơ sở)."),
        applicants="Tổ chức, cá nhân sản xuất, kinh doanh thực phẩm",
        applicant_types=["organisation", "individual"],
        result_type="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (thời hạn 03 năm)",
        legal_basis="Luật An toàn thực phẩm số 55/2010/QH12; Nghị định số 15/2018/NĐ-CP; "
                    "Thông tư số 67/2021/TT-BTC.",
        pub=PUB_SECTOR, verify="mức phí thẩm định hiện hành",
        documents=[
            doc("Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
            doc("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ bảo đảm điều kiện "
                "vệ sinh an toàn thực phẩm"),
            doc("Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất, kinh "
                "doanh thực phẩm", "copy"),
            doc("Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm", "copy"),
        ],
        fees=[
            fee("Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống", 700000,
                "phục vụ dưới 200 suất ăn"),
            fee("Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống", 1000000,
                "phục vụ từ 200 suất ăn trở lên"),
            fee("Phí thẩm định cơ sở sản xuất thực phẩm", 2500000, "trừ cơ sở sản xuất nhỏ lẻ"),
        ],
        form_schema=[
            field("ten_co_so", "Tên cơ sở"),
            field("dia_chi", "Địa chỉ cơ sở"),
            field("loai_hinh", "Loại hình", "choice",
                  choices=["Sản xuất thực phẩm", "Kinh doanh dịch vụ ăn uống"]),
            field("so_suat_an", "Số suất ăn phục vụ mỗi lần (dịch vụ ăn uống)", "number",
                  required=False),
            field("ho_ten_chu_co_so", "Họ tên chủ cơ sở"),
            field("cccd_chu_co_so", "Số định danh cá nhân của chủ cơ sở", "cccd"),
            PHONE,
        ],
    ),
    procedure(
        code="2.000591",
        name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, "
             "kinh doanh thực phẩm thuộc thẩm quyền của Sở Công Thương",
        field_code="an-toan-thuc-pham", level="province", agencies=[SO_CONG_THUONG],
        agency_text=CENTRE.format(dept="Sở Công Thương"), steps_text=steps("Sở Công Thương"),
        **limit(20, "working_days", "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Tổ chức, cá nhân sản xuất, kinh doanh thực phẩm",
        applicant_types=["organisation", "individual"],
        result_type="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        legal_basis="Luật An toàn thực phẩm số 55/2010/QH12; Nghị định số 15/2018/NĐ-CP; "
                    "Thông tư số 43/2018/TT-BCT.",
        pub=PUB_SECTOR, verify="mã thủ tục; phí thẩm định",
        documents=[
            doc("Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
            doc("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
            doc("Danh sách người sản xuất, kinh doanh thực phẩm đã được tập huấn kiến thức an "
                "toàn thực phẩm"),
        ],
    ),
    procedure(
        code="1.012270",
        name="Cấp giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh chuyên môn bác sỹ",
        field_code="kham-chua-benh", level="province", agencies=[SO_Y_TE],
        agency_text=CENTRE.format(dept="Sở Y tế"), steps_text=steps("Sở Y tế"),
        **limit(30, "days", "30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người hành nghề khám bệnh, chữa bệnh",
        result_type="Giấy phép hành nghề khám bệnh, chữa bệnh",
        legal_basis="Luật Khám bệnh, chữa bệnh số 15/2023/QH15; Nghị định số 96/2023/NĐ-CP; "
                    "Thông tư số 59/2023/TT-BTC.",
        pub=PUB_SECTOR, verify="mã thủ tục; thời hạn; mức phí",
        documents=[
            doc("Đơn đề nghị cấp giấy phép hành nghề",
                template="Mẫu 01 Phụ lục I Nghị định 96/2023/NĐ-CP"),
            doc("Văn bằng chuyên môn phù hợp với chức danh", "certified_copy"),
            doc("Giấy xác nhận kết quả kiểm tra đánh giá năng lực hành nghề", "certified_copy"),
            doc("Giấy chứng nhận đủ sức khỏe để hành nghề"),
            doc("Ảnh chân dung 04 cm x 06 cm chụp trong vòng 06 tháng", "original", 2),
        ],
        fees=[fee("Phí thẩm định cấp giấy phép hành nghề", 360000, "đồng/lần")],
    ),
    procedure(
        code="1.014199", code_checked=True,
        name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        field_code="viec-lam", level="province", agencies=[SO_NOI_VU],
        agency_text=CENTRE.format(dept="Sở Nội vụ"), steps_text=steps("Sở Nội vụ"),
        **limit(10, "working_days", "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người sử dụng lao động nước ngoài", applicant_types=["organisation"],
        result_type="Giấy phép lao động",
        legal_basis="Bộ luật Lao động số 45/2019/QH14; nghị định hướng dẫn về người lao động "
                    "nước ngoài làm việc tại Việt Nam.",
        online_type="end_to_end", eligible_end_to_end=True, pub=PUB_SECTOR,
        verify="thời hạn và nghị định hướng dẫn (2025); mức lệ phí của TP.HCM",
        documents=[
            doc("Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động"),
            doc("Giấy chứng nhận sức khỏe", "original"),
            doc("Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội",
                "certified_copy"),
            doc("Văn bằng, chứng chỉ, giấy tờ chứng minh kinh nghiệm", "certified_copy"),
            doc("Hộ chiếu còn giá trị", "certified_copy"),
            doc("Ảnh màu 4 cm x 6 cm", "original", 2),
        ],
    ),
    procedure(
        code="1.010803", code_checked=True, name="Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        field_code="nguoi-co-cong", level="province", agencies=[SO_NOI_VU],
        agency_text=CENTRE.format(dept="Sở Nội vụ"), steps_text=steps("Sở Nội vụ"),
        **limit(12, "working_days", "12 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người thờ cúng liệt sĩ", result_type="Quyết định trợ cấp thờ cúng liệt sĩ",
        legal_basis="Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14; Nghị "
                    "định số 131/2021/NĐ-CP.",
        channels=["counter", "postal"], online_type="none", pub=PUB_SECTOR, verify="thời hạn",
        documents=[doc("Văn bản ủy quyền thờ cúng liệt sĩ (nếu có) và tờ khai đề nghị",
                       template="Mẫu ban hành kèm Nghị định 131/2021/NĐ-CP")],
    ),
    procedure(
        code="2.000633", name="Cấp Giấy phép bán buôn sản phẩm rượu",
        field_code="luu-thong-hang-hoa", level="province", agencies=[SO_CONG_THUONG],
        agency_text=CENTRE.format(dept="Sở Công Thương"), steps_text=steps("Sở Công Thương"),
        **limit(15, "working_days", "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Thương nhân", applicant_types=["organisation"],
        result_type="Giấy phép bán buôn sản phẩm rượu",
        legal_basis="Nghị định số 105/2017/NĐ-CP; Nghị định số 17/2020/NĐ-CP; Thông tư số "
                    "168/2016/TT-BTC.",
        pub=PUB_SECTOR, verify="mã thủ tục; mức phí thẩm định",
        documents=[doc("Đơn đề nghị cấp Giấy phép bán buôn sản phẩm rượu"),
                   doc("Giấy chứng nhận đăng ký doanh nghiệp", "copy", reusable=True),
                   doc("Hợp đồng, văn bản giới thiệu với thương nhân sản xuất, phân phối rượu",
                       "copy")],
        fees=[fee("Phí thẩm định điều kiện kinh doanh bán buôn rượu", 2200000,
                  "đồng/doanh nghiệp/lần thẩm định")],
    ),
]

UNITS = [
    procedure(
        code="1.005092", name="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", field_code="giao-duc",
        level="other", agencies=["000.01.08.H29", "000.02.08.H29", SO_GD_DT],
        agency_text="Cơ quan, cơ sở giáo dục đang quản lý sổ gốc cấp văn bằng, chứng chỉ",
        steps_text="Người yêu cầu nộp đơn và xuất trình giấy tờ tùy thân; cơ sở giáo dục đối "
                   "chiếu sổ gốc, cấp bản sao.",
        **limit(8, "hours", "Ngay trong ngày cơ quan tiếp nhận yêu cầu hoặc trong ngày làm việc "
                            "tiếp theo nếu tiếp nhận sau 15 giờ."),
        receipt_cutoff=CUTOFF_15H, channels=["counter", "postal"], online_type="none",
        applicants="Người được cấp văn bằng, chứng chỉ; người đại diện theo pháp luật; người "
                   "thân",
        result_type="Bản sao văn bằng, chứng chỉ từ sổ gốc",
        legal_basis="Luật Giáo dục số 43/2019/QH14; Nghị định số 23/2015/NĐ-CP; Thông tư số "
                    "21/2019/TT-BGDĐT.",
        pub=PUB_SECTOR, verify="mã thủ tục; phí do cơ sở giáo dục quy định",
        documents=[doc("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc"),
                   doc("Giấy tờ tùy thân (xuất trình)")],
    ),
    procedure(
        code="1.005096", name="Chuyển trường đối với học sinh trung học phổ thông",
        field_code="giao-duc", level="other",
        agencies=["000.01.08.H29", "000.02.08.H29", SO_GD_DT],
        agency_text="Hiệu trưởng trường trung học phổ thông nơi chuyển đến; Sở Giáo dục và Đào "
                    "tạo (chuyển đến từ tỉnh khác)",
        steps_text=steps("Hiệu trưởng trường nơi chuyển đến"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        channels=["counter"], online_type="none",
        applicants="Cha, mẹ hoặc người giám hộ học sinh",
        result_type="Ý kiến tiếp nhận của trường nơi chuyển đến",
        legal_basis="Luật Giáo dục số 43/2019/QH14; văn bản hợp nhất quy định về chuyển trường "
                    "của Bộ Giáo dục và Đào tạo.",
        pub=PUB_SECTOR, verify="mã thủ tục; thời hạn",
        documents=[doc("Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký"),
                   doc("Học bạ", "original"),
                   doc("Giấy chứng nhận trúng tuyển vào lớp 10", "original")],
        fees=[fee("Phí", 0, "Không thu")],
    ),
    procedure(
        code="1.002462", name="Cấp lại Giấy chứng sinh đối với trường hợp bị mất hoặc hư hỏng",
        field_code="kham-chua-benh", level="other",
        agencies=["000.01.07.H29", "000.02.07.H29"],
        agency_text="Cơ sở khám bệnh, chữa bệnh đã cấp Giấy chứng sinh",
        steps_text="Nộp đơn tại bộ phận tiếp nhận của bệnh viện; bệnh viện đối chiếu hồ sơ "
                   "sinh và cấp lại.",
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        channels=["counter"], online_type="none", applicants="Cha, mẹ hoặc người thân của trẻ",
        result_type="Giấy chứng sinh (cấp lại)",
        legal_basis="Luật Khám bệnh, chữa bệnh số 15/2023/QH15; Thông tư số 17/2012/TT-BYT "
                    "(sửa đổi, bổ sung bởi Thông tư số 34/2015/TT-BYT).",
        pub=PUB_SECTOR, verify="mã thủ tục; thời hạn",
        documents=[doc("Đơn đề nghị cấp lại Giấy chứng sinh"),
                   doc("Giấy tờ tùy thân của cha hoặc mẹ (xuất trình)")],
        fees=[fee("Phí", 0, "Không thu")],
    ),
    procedure(
        code="1.007801",
        name="Đăng ký thuế lần đầu đối với người nộp thuế là hộ kinh doanh, cá nhân kinh doanh",
        field_code="quan-ly-thue", level="central", agencies=[TAX],
        agency_text="Thuế Thành phố Hồ Chí Minh (Thuế cơ sở quản lý địa bàn)",
        steps_text=steps("Cơ quan thuế"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Hộ kinh doanh, cá nhân kinh doanh",
        result_type="Thông báo mã số thuế",
        legal_basis="Luật Quản lý thuế số 38/2019/QH14; Thông tư số 86/2024/TT-BTC.",
        online_type="end_to_end", eligible_end_to_end=True, pub=PUB_SECTOR,
        verify="mã thủ tục",
        documents=[doc("Tờ khai đăng ký thuế", template="Mẫu số 03-ĐK-TCT (Thông tư "
                                                         "86/2024/TT-BTC)"),
                   doc("Giấy chứng nhận đăng ký hộ kinh doanh (nếu có)", "copy",
                       required=False, reusable=True)],
        fees=[charge("Lệ phí", 0, "Không thu")],
    ),
]

PROCEDURES = DOANH_NGHIEP + TU_PHAP + XAY_DUNG_MOI_TRUONG + Y_TE_THUONG_MAI + UNITS
