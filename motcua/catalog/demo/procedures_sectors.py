"""City-level procedures of health and trade, public service units and the tax branch."""

from __future__ import annotations

from motcua.catalog.demo.agencies import (
    SO_CONG_THUONG,
    SO_GD_DT,
    SO_NOI_VU,
    SO_Y_TE,
    TAX,
)
from motcua.catalog.demo.helpers import (
    CUTOFF_15H,
    PUB_SECTOR,
    charge,
    doc,
    fee,
    field,
    limit,
    procedure,
    steps,
)
from motcua.catalog.demo.procedures_city import CENTRE, PHONE

Y_TE_THUONG_MAI = [
    procedure(
        code="2.001827",
        code_checked=True,
        name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, "
        "kinh doanh thực phẩm thuộc thẩm quyền của Sở Y tế",
        field_code="an-toan-thuc-pham",
        level="province",
        agencies=[SO_Y_TE],
        agency_text=CENTRE.format(dept="Sở Y tế"),
        steps_text=steps("Sở Y tế"),
        **limit(
            20,
            "working_days",
            "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (gồm "
            "thời gian thẩm định thực tế tại cơ sở).",
        ),
        applicants="Tổ chức, cá nhân sản xuất, kinh doanh thực phẩm",
        applicant_types=["organisation", "individual"],
        result_type="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (thời hạn 03 năm)",
        legal_basis="Luật An toàn thực phẩm số 55/2010/QH12; Nghị định số 15/2018/NĐ-CP; "
        "Thông tư số 67/2021/TT-BTC.",
        pub=PUB_SECTOR,
        verify="mức phí thẩm định hiện hành",
        documents=[
            doc("Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
            doc(
                "Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ bảo đảm điều kiện "
                "vệ sinh an toàn thực phẩm"
            ),
            doc(
                "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất, kinh "
                "doanh thực phẩm",
                "copy",
            ),
            doc("Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm", "copy"),
        ],
        fees=[
            fee(
                "Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống", 700000, "phục vụ dưới 200 suất ăn"
            ),
            fee(
                "Phí thẩm định cơ sở kinh doanh dịch vụ ăn uống",
                1000000,
                "phục vụ từ 200 suất ăn trở lên",
            ),
            fee("Phí thẩm định cơ sở sản xuất thực phẩm", 2500000, "trừ cơ sở sản xuất nhỏ lẻ"),
        ],
        form_schema=[
            field("ten_co_so", "Tên cơ sở"),
            field("dia_chi", "Địa chỉ cơ sở"),
            field(
                "loai_hinh",
                "Loại hình",
                "choice",
                choices=["Sản xuất thực phẩm", "Kinh doanh dịch vụ ăn uống"],
            ),
            field(
                "so_suat_an",
                "Số suất ăn phục vụ mỗi lần (dịch vụ ăn uống)",
                "number",
                required=False,
                integer=True,
                minimum=0,
            ),
            field("ho_ten_chu_co_so", "Họ tên chủ cơ sở"),
            field("cccd_chu_co_so", "Số định danh cá nhân của chủ cơ sở", "cccd"),
            PHONE,
        ],
    ),
    procedure(
        code="2.000591",
        name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, "
        "kinh doanh thực phẩm thuộc thẩm quyền của Sở Công Thương",
        field_code="an-toan-thuc-pham",
        level="province",
        agencies=[SO_CONG_THUONG],
        agency_text=CENTRE.format(dept="Sở Công Thương"),
        steps_text=steps("Sở Công Thương"),
        **limit(20, "working_days", "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Tổ chức, cá nhân sản xuất, kinh doanh thực phẩm",
        applicant_types=["organisation", "individual"],
        result_type="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        legal_basis="Luật An toàn thực phẩm số 55/2010/QH12; Nghị định số 15/2018/NĐ-CP; "
        "Thông tư số 43/2018/TT-BCT.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; phí thẩm định",
        documents=[
            doc("Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
            doc("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
            doc(
                "Danh sách người sản xuất, kinh doanh thực phẩm đã được tập huấn kiến thức an "
                "toàn thực phẩm"
            ),
        ],
    ),
    procedure(
        code="1.012270",
        name="Cấp giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh chuyên môn bác sỹ",
        field_code="kham-chua-benh",
        level="province",
        agencies=[SO_Y_TE],
        agency_text=CENTRE.format(dept="Sở Y tế"),
        steps_text=steps("Sở Y tế"),
        **limit(30, "days", "30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người hành nghề khám bệnh, chữa bệnh",
        result_type="Giấy phép hành nghề khám bệnh, chữa bệnh",
        legal_basis="Luật Khám bệnh, chữa bệnh số 15/2023/QH15; Nghị định số 96/2023/NĐ-CP; "
        "Thông tư số 59/2023/TT-BTC.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; thời hạn; mức phí",
        documents=[
            doc(
                "Đơn đề nghị cấp giấy phép hành nghề",
                template="Mẫu 01 Phụ lục I Nghị định 96/2023/NĐ-CP",
            ),
            doc("Văn bằng chuyên môn phù hợp với chức danh", "certified_copy"),
            doc("Giấy xác nhận kết quả kiểm tra đánh giá năng lực hành nghề", "certified_copy"),
            doc("Giấy chứng nhận đủ sức khỏe để hành nghề"),
            doc("Ảnh chân dung 04 cm x 06 cm chụp trong vòng 06 tháng", "original", 2),
        ],
        fees=[fee("Phí thẩm định cấp giấy phép hành nghề", 360000, "đồng/lần")],
    ),
    procedure(
        code="1.014199",
        code_checked=True,
        name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
        field_code="viec-lam",
        level="province",
        agencies=[SO_NOI_VU],
        agency_text=CENTRE.format(dept="Sở Nội vụ"),
        steps_text=steps("Sở Nội vụ"),
        **limit(10, "working_days", "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người sử dụng lao động nước ngoài",
        applicant_types=["organisation"],
        result_type="Giấy phép lao động",
        legal_basis="Bộ luật Lao động số 45/2019/QH14; nghị định hướng dẫn về người lao động "
        "nước ngoài làm việc tại Việt Nam.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_SECTOR,
        verify="thời hạn và nghị định hướng dẫn (2025); mức lệ phí của TP.HCM",
        documents=[
            doc("Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động"),
            doc("Giấy chứng nhận sức khỏe", "original"),
            doc(
                "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội",
                "certified_copy",
            ),
            doc("Văn bằng, chứng chỉ, giấy tờ chứng minh kinh nghiệm", "certified_copy"),
            doc("Hộ chiếu còn giá trị", "certified_copy"),
            doc("Ảnh màu 4 cm x 6 cm", "original", 2),
        ],
    ),
    procedure(
        code="1.010803",
        code_checked=True,
        name="Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        field_code="nguoi-co-cong",
        level="province",
        agencies=[SO_NOI_VU],
        agency_text=CENTRE.format(dept="Sở Nội vụ"),
        steps_text=steps("Sở Nội vụ"),
        **limit(12, "working_days", "12 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Người thờ cúng liệt sĩ",
        result_type="Quyết định trợ cấp thờ cúng liệt sĩ",
        legal_basis="Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14; Nghị "
        "định số 131/2021/NĐ-CP.",
        channels=["counter", "postal"],
        online_type="none",
        pub=PUB_SECTOR,
        verify="thời hạn",
        documents=[
            doc(
                "Văn bản ủy quyền thờ cúng liệt sĩ (nếu có) và tờ khai đề nghị",
                template="Mẫu ban hành kèm Nghị định 131/2021/NĐ-CP",
            )
        ],
    ),
    procedure(
        code="2.000633",
        name="Cấp Giấy phép bán buôn sản phẩm rượu",
        field_code="luu-thong-hang-hoa",
        level="province",
        agencies=[SO_CONG_THUONG],
        agency_text=CENTRE.format(dept="Sở Công Thương"),
        steps_text=steps("Sở Công Thương"),
        **limit(15, "working_days", "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Thương nhân",
        applicant_types=["organisation"],
        result_type="Giấy phép bán buôn sản phẩm rượu",
        legal_basis="Nghị định số 105/2017/NĐ-CP; Nghị định số 17/2020/NĐ-CP; Thông tư số "
        "168/2016/TT-BTC.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; mức phí thẩm định",
        documents=[
            doc("Đơn đề nghị cấp Giấy phép bán buôn sản phẩm rượu"),
            doc("Giấy chứng nhận đăng ký doanh nghiệp", "copy", reusable=True),
            doc("Hợp đồng, văn bản giới thiệu với thương nhân sản xuất, phân phối rượu", "copy"),
        ],
        fees=[
            fee(
                "Phí thẩm định điều kiện kinh doanh bán buôn rượu",
                2200000,
                "đồng/doanh nghiệp/lần thẩm định",
            )
        ],
    ),
]

UNITS = [
    procedure(
        code="1.005092",
        name="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        field_code="giao-duc",
        level="other",
        agencies=["000.01.08.H29", "000.02.08.H29", SO_GD_DT],
        agency_text="Cơ quan, cơ sở giáo dục đang quản lý sổ gốc cấp văn bằng, chứng chỉ",
        steps_text="Người yêu cầu nộp đơn và xuất trình giấy tờ tùy thân; cơ sở giáo dục đối "
        "chiếu sổ gốc, cấp bản sao.",
        **limit(
            0,
            "working_days",
            "Ngay trong ngày cơ quan tiếp nhận yêu cầu hoặc trong ngày làm việc "
            "tiếp theo nếu tiếp nhận sau 15 giờ.",
        ),
        receipt_cutoff=CUTOFF_15H,
        channels=["counter", "postal"],
        online_type="none",
        applicants="Người được cấp văn bằng, chứng chỉ; người đại diện theo pháp luật; người thân",
        result_type="Bản sao văn bằng, chứng chỉ từ sổ gốc",
        legal_basis="Luật Giáo dục số 43/2019/QH14; Nghị định số 23/2015/NĐ-CP; Thông tư số "
        "21/2019/TT-BGDĐT.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; phí do cơ sở giáo dục quy định",
        documents=[
            doc("Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc"),
            doc("Giấy tờ tùy thân (xuất trình)"),
        ],
    ),
    procedure(
        code="1.005096",
        name="Chuyển trường đối với học sinh trung học phổ thông",
        field_code="giao-duc",
        level="other",
        agencies=["000.01.08.H29", "000.02.08.H29", SO_GD_DT],
        agency_text="Hiệu trưởng trường trung học phổ thông nơi chuyển đến; Sở Giáo dục và Đào "
        "tạo (chuyển đến từ tỉnh khác)",
        steps_text=steps("Hiệu trưởng trường nơi chuyển đến"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        channels=["counter"],
        online_type="none",
        applicants="Cha, mẹ hoặc người giám hộ học sinh",
        result_type="Ý kiến tiếp nhận của trường nơi chuyển đến",
        legal_basis="Luật Giáo dục số 43/2019/QH14; văn bản hợp nhất quy định về chuyển trường "
        "của Bộ Giáo dục và Đào tạo.",
        pub=PUB_SECTOR,
        verify="mã thủ tục; thời hạn",
        documents=[
            doc("Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký"),
            doc("Học bạ", "original"),
            doc("Giấy chứng nhận trúng tuyển vào lớp 10", "original"),
        ],
        fees=[fee("Phí", 0, "Không thu")],
    ),
    procedure(
        code="1.002462",
        name="Cấp lại Giấy chứng sinh đối với trường hợp bị mất hoặc hư hỏng",
        field_code="kham-chua-benh",
        level="other",
        agencies=["000.01.07.H29", "000.02.07.H29"],
        agency_text="Cơ sở khám bệnh, chữa bệnh đã cấp Giấy chứng sinh",
        steps_text="Nộp đơn tại bộ phận tiếp nhận của bệnh viện; bệnh viện đối chiếu hồ sơ "
        "sinh và cấp lại.",
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        channels=["counter"],
        online_type="none",
        applicants="Cha, mẹ hoặc người thân của trẻ",
        result_type="Giấy chứng sinh (cấp lại)",
        legal_basis="Luật Khám bệnh, chữa bệnh số 15/2023/QH15; Thông tư số 17/2012/TT-BYT "
        "(sửa đổi, bổ sung bởi Thông tư số 34/2015/TT-BYT).",
        pub=PUB_SECTOR,
        verify="mã thủ tục; thời hạn",
        documents=[
            doc("Đơn đề nghị cấp lại Giấy chứng sinh"),
            doc("Giấy tờ tùy thân của cha hoặc mẹ (xuất trình)"),
        ],
        fees=[fee("Phí", 0, "Không thu")],
    ),
    procedure(
        code="1.007801",
        name="Đăng ký thuế lần đầu đối với người nộp thuế là hộ kinh doanh, cá nhân kinh doanh",
        field_code="quan-ly-thue",
        level="central",
        agencies=[TAX],
        agency_text="Thuế Thành phố Hồ Chí Minh (Thuế cơ sở quản lý địa bàn)",
        steps_text=steps("Cơ quan thuế"),
        **limit(3, "working_days", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."),
        applicants="Hộ kinh doanh, cá nhân kinh doanh",
        result_type="Thông báo mã số thuế",
        legal_basis="Luật Quản lý thuế số 38/2019/QH14; Thông tư số 86/2024/TT-BTC.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        pub=PUB_SECTOR,
        verify="mã thủ tục",
        documents=[
            doc("Tờ khai đăng ký thuế", template="Mẫu số 03-ĐK-TCT (Thông tư 86/2024/TT-BTC)"),
            doc(
                "Giấy chứng nhận đăng ký hộ kinh doanh (nếu có)",
                "copy",
                required=False,
                reusable=True,
            ),
        ],
        fees=[charge("Lệ phí", 0, "Không thu")],
    ),
]

PROCEDURES = Y_TE_THUONG_MAI + UNITS
