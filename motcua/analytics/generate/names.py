"""Names for the generated city: departments and their sectors, commune-level units, people.

Department names follow the city's bodies after 1/7/2025 as illustrations, not an official list.
The commune-level names are place names of the city used as illustrations: the list and the kind
given to each (ward, commune) are not the official list of Resolution 1685/NQ-UBTVQH15.
"""

from __future__ import annotations

# (name, short name, the sectors it handles: (code, name))
DEPARTMENTS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Sở Tư pháp", "STP", (
        ("LLTP", "Lý lịch tư pháp"), ("CTHT", "Chứng thực"), ("QTC", "Quốc tịch"),
    )),
    ("Sở Nội vụ", "SNV", (
        ("TCBM", "Tổ chức bộ máy"), ("TDKT", "Thi đua, khen thưởng"),
        ("LD", "Lao động, tiền lương"), ("NCC", "Người có công"),
        ("GDNN", "Giáo dục nghề nghiệp"),
    )),
    ("Sở Tài chính", "STC", (
        ("DKKD", "Thành lập và hoạt động doanh nghiệp"), ("DT", "Đầu tư"),
        ("QLCS", "Quản lý công sản"),
    )),
    ("Sở Xây dựng", "SXD", (
        ("XD", "Hoạt động xây dựng"), ("NO", "Nhà ở"), ("GTDB", "Đường bộ"),
        ("VTDB", "Vận tải đường bộ"),
    )),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", (
        ("DD", "Đất đai"), ("MT", "Môi trường"), ("TNN", "Tài nguyên nước"), ("TY", "Thú y"),
    )),
    ("Sở Công Thương", "SCT", (
        ("LTHH", "Lưu thông hàng hóa"), ("DL", "Điện lực"), ("HC", "Hóa chất"),
    )),
    ("Sở Y tế", "SYT", (
        ("KCB", "Khám bệnh, chữa bệnh"), ("DUOC", "Dược phẩm"), ("BTXH", "Bảo trợ xã hội"),
    )),
    ("Sở Giáo dục và Đào tạo", "SGDDT", (
        ("GDDT", "Giáo dục và Đào tạo"), ("VBCC", "Văn bằng, chứng chỉ"),
    )),
    ("Sở Khoa học và Công nghệ", "SKHCN", (
        ("KHCN", "Hoạt động khoa học và công nghệ"), ("BCVT", "Bưu chính, viễn thông"),
        ("BC", "Báo chí"), ("XB", "Xuất bản, in và phát hành"),
    )),
    ("Sở Văn hóa và Thể thao", "SVHTT", (
        ("VH", "Văn hóa"), ("TT", "Thể dục, thể thao"), ("QC", "Quảng cáo"),
    )),
    ("Sở Du lịch", "SDL", (
        ("LH", "Lữ hành"), ("LTDL", "Lưu trú du lịch"),
    )),
    ("Sở Quy hoạch - Kiến trúc", "SQHKT", (
        ("QH", "Quy hoạch xây dựng, kiến trúc"),
    )),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", (
        ("TG", "Tín ngưỡng, tôn giáo"), ("DTTS", "Công tác dân tộc"),
    )),
    ("Sở Ngoại vụ", "SNGV", (
        ("NV", "Công tác lãnh sự"), ("HNQT", "Hội nghị, hội thảo quốc tế"),
    )),
    ("Sở An toàn thực phẩm", "SATTP", (
        ("ATTP", "An toàn thực phẩm"),
    )),
    ("Cảng vụ Đường thủy nội địa Thành phố", "CVDTND", (
        ("DTND", "Đường thủy nội địa"),
    )),
    ("Ban Quản lý các Khu công nghiệp Bình Dương", "BQLBD", (
        ("KCNBD", "Khu công nghiệp (Bình Dương)"),
    )),
    ("Ban Quản lý các Khu công nghiệp Bà Rịa - Vũng Tàu", "BQLVT", (
        ("KCNVT", "Khu công nghiệp (Bà Rịa - Vũng Tàu)"),
    )),
    ("Thanh tra Thành phố", "TTTP", (
        ("KNTC", "Giải quyết khiếu nại, tố cáo"),
    )),
    ("Văn phòng UBND Thành phố", "VPUB", (
        ("KSTT", "Kiểm soát thủ tục hành chính"),
    )),
    ("Ban Quản lý các Khu chế xuất và công nghiệp", "HEPZA", (
        ("KCN", "Khu công nghiệp, khu chế xuất"),
    )),
    ("Ban Quản lý Khu Công nghệ cao", "SHTP", (
        ("CNC", "Khu công nghệ cao"),
    )),
    ("Ban Quản lý Khu đô thị Thủ Thiêm", "BQLTT", (
        ("DT2", "Phát triển đô thị"),
    )),
    ("Bộ Chỉ huy Quân sự Thành phố", "BCHQS", (
        ("QS", "Nghĩa vụ quân sự"),
    )),
    ("Ban Quản lý Khu Nông nghiệp Công nghệ cao", "BQLNN", (
        ("NNCNC", "Nông nghiệp công nghệ cao"),
    )),
)  # fmt: skip

# (name, short name, sector) of the branches of central agencies that take the "other" procedures
BRANCHES: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("Công an Thành phố", "CATP", ("CT", "Đăng ký, quản lý cư trú")),
    ("Thuế Thành phố", "THUE", ("THUE", "Quản lý thuế")),
    ("Bảo hiểm xã hội Thành phố", "BHXH", ("BHXH", "Bảo hiểm xã hội")),
)

# The sectors of commune-level procedures (code, name); each commune-level unit handles them all.
COMMUNE_FIELDS: tuple[tuple[str, str], ...] = (
    ("HTX", "Hộ tịch"),
    ("CTX", "Chứng thực"),
    ("DDX", "Đất đai (cấp xã)"),
    ("XDX", "Xây dựng (cấp xã)"),
    ("HKD", "Hộ kinh doanh"),
    ("BTX", "Bảo trợ xã hội (cấp xã)"),
    ("NCX", "Người có công (cấp xã)"),
    ("GDX", "Giáo dục mầm non, tiểu học"),
    ("VHX", "Văn hóa cơ sở"),
    ("MTX", "Môi trường (cấp xã)"),
    ("TGX", "Tín ngưỡng, tôn giáo (cấp xã)"),
    ("NNX", "Nông nghiệp (cấp xã)"),
)

# The busiest procedures of each level get real-sounding names, in rank order: (name, processing
# time in working days, sector code).
COMMUNE_TOP: tuple[tuple[str, int, str], ...] = (
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1, "CTX"),
    ("Chứng thực chữ ký trong các giấy tờ, văn bản", 1, "CTX"),
    ("Đăng ký khai sinh", 1, "HTX"),
    ("Cấp bản sao trích lục hộ tịch", 1, "HTX"),
    ("Xác nhận tình trạng hôn nhân", 3, "HTX"),
    ("Đăng ký kết hôn", 3, "HTX"),
    ("Đăng ký khai tử", 1, "HTX"),
    ("Đăng ký thành lập hộ kinh doanh", 3, "HKD"),
    ("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", 3, "CTX"),
    ("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 10, "DDX"),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, "XDX"),
    ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, "HKD"),
)
PROVINCIAL_TOP: tuple[tuple[str, int, str], ...] = (
    ("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", 10, "LLTP"),
    ("Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", 3, "DKKD"),
    ("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3, "DKKD"),
    ("Cấp giấy phép xây dựng công trình", 20, "XD"),
    ("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu cho tổ chức", 30, "DD"),
    ("Cấp giấy phép lao động cho người lao động nước ngoài", 5, "LD"),
    ("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", 10, "KCB"),
    ("Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", 15, "ATTP"),
    ("Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", 10, "LTHH"),
    ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1, "VBCC"),
)
ACTIONS = (
    "Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Thẩm định", "Công nhận", "Xác nhận",
    "Đăng ký", "Thông báo", "Chấp thuận", "Cho phép", "Phê duyệt", "Thu hồi", "Giải quyết",
)  # fmt: skip
OBJECTS = (
    "giấy phép", "giấy chứng nhận", "chứng chỉ hành nghề", "hồ sơ", "phương án", "đề án",
    "hồ sơ đề nghị", "quyết định", "văn bản chấp thuận", "giấy xác nhận",
)  # fmt: skip

WARD_NAMES = (
    "Sài Gòn", "Tân Định", "Bến Thành", "Cầu Ông Lãnh", "Bàn Cờ", "Xuân Hòa", "Nhiêu Lộc",
    "Xóm Chiếu", "Khánh Hội", "Vĩnh Hội", "Chợ Quán", "An Đông", "Chợ Lớn", "Bình Tây",
    "Bình Tiên", "Bình Phú", "Phú Lâm", "Tân Thuận", "Phú Thuận", "Tân Mỹ", "Tân Hưng",
    "Chánh Hưng", "Phú Định", "Bình Đông", "Diên Hồng", "Vườn Lài", "Hòa Hưng", "Minh Phụng",
    "Bình Thới", "Hòa Bình", "Phú Thọ", "Đông Hưng Thuận", "Trung Mỹ Tây", "Tân Thới Hiệp",
    "Thới An", "An Phú Đông", "An Lạc", "Tân Tạo", "Bình Tân", "Bình Trị Đông", "Bình Hưng Hòa",
    "Gia Định", "Bình Thạnh", "Bình Lợi Trung", "Thạnh Mỹ Tây", "Bình Quới", "Hạnh Thông",
    "An Nhơn", "Gò Vấp", "An Hội Đông", "Thông Tây Hội", "An Hội Tây", "Đức Nhuận", "Cầu Kiệu",
    "Phú Nhuận", "Tân Sơn Hòa", "Tân Sơn Nhất", "Tân Hòa", "Bảy Hiền", "Tân Bình", "Tân Sơn",
    "Tây Thạnh", "Tân Sơn Nhì", "Phú Thọ Hòa", "Tân Phú", "Phú Thạnh", "Hiệp Bình", "Thủ Đức",
    "Tam Bình", "Linh Xuân", "Tăng Nhơn Phú", "Long Bình", "Long Phước", "Long Trường",
    "Cát Lái", "Bình Trưng", "Phước Long", "An Khánh", "Thủ Dầu Một", "Phú Lợi", "Bình Dương",
    "Chánh Hiệp", "Thuận An", "Thuận Giao", "Bình Hòa", "Lái Thiêu", "An Phú", "Dĩ An",
    "Đông Hòa", "Tân Đông Hiệp", "Tân Uyên", "Tân Hiệp", "Tân Khánh", "Vĩnh Tân", "Bến Cát",
    "Chánh Phú Hòa", "Tây Nam", "Long Nguyên", "Thới Hòa", "Hòa Lợi", "Phú An", "Vũng Tàu",
    "Tam Thắng", "Rạch Dừa", "Phước Thắng", "Bà Rịa", "Long Hương", "Tam Long", "Phú Mỹ",
    "Tân Thành", "Tân Phước", "Tân Hải", "Bình Trưng Tây",
)  # fmt: skip
COMMUNE_NAMES = (
    "Củ Chi", "Tân An Hội", "Thái Mỹ", "An Nhơn Tây", "Nhuận Đức", "Phú Hòa Đông", "Bình Mỹ",
    "Hóc Môn", "Bà Điểm", "Xuân Thới Sơn", "Đông Thạnh", "Bình Chánh", "Tân Nhựt", "Vĩnh Lộc",
    "Bình Lợi", "Hưng Long", "Bình Hưng", "Nhà Bè", "Hiệp Phước", "Cần Giờ", "Bình Khánh",
    "An Thới Đông", "Thạnh An", "Bàu Bàng", "Trừ Văn Thố", "Dầu Tiếng", "Minh Thạnh",
    "Long Hòa", "Thanh An", "Phú Giáo", "Phước Thành", "An Long", "Phước Hòa", "Bắc Tân Uyên",
    "Thường Tân", "Châu Đức", "Ngãi Giao", "Kim Long", "Xuyên Mộc", "Hồ Tràm", "Bình Châu",
    "Long Điền", "Long Hải", "Đất Đỏ", "Phước Hải", "Hòa Hiệp", "Bàu Lâm", "Hòa Hội",
    "Nghĩa Thành", "Xuân Sơn", "Bình Giã", "Châu Pha", "Long Sơn", "Tân Thạnh Đông",
)  # fmt: skip
SPECIAL_ZONE_NAMES = ("Côn Đảo",)

# People: surnames weighted by how common they are, middle and given names by sex.
SURNAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Huỳnh", 5), ("Hoàng", 3),
    ("Phan", 4.5), ("Võ", 4), ("Vũ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1.5), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Trương", 1.5), ("Đinh", 0.8), ("Lâm", 0.8),
)  # fmt: skip
MIDDLE = {"male": ("Văn", "Minh", "Quốc", "Hoàng", "Đức", "Thanh", "Hữu", "Tuấn"),
          "female": ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Bảo")}  # fmt: skip
GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khoa",
             "Long", "Minh", "Nam", "Nghĩa", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tú",
             "Vinh", "Bảo", "Duy", "Kiệt", "Lộc", "Phong", "Tài", "Thịnh"),
    "female": ("Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương",
               "Lan", "Linh", "Mai", "My", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
               "Trang", "Trâm", "Tuyết", "Uyên", "Vy", "Xuân", "Yến", "Nhi", "Thư", "Hân"),
}  # fmt: skip
STREETS = (
    "Nguyễn Huệ", "Lê Lợi", "Hai Bà Trưng", "Cách Mạng Tháng Tám", "Nguyễn Thị Minh Khai",
    "Điện Biên Phủ", "Võ Văn Kiệt", "Phan Xích Long", "Lê Văn Sỹ", "Quang Trung",
    "Nguyễn Văn Linh", "Phạm Văn Đồng", "Lý Thường Kiệt", "Trần Hưng Đạo", "Hùng Vương",
)  # fmt: skip
COMPANY_WORDS = (
    "Phát Đạt", "Thành Công", "Hưng Thịnh", "An Khang", "Minh Long", "Sao Việt", "Đại Nam",
    "Phương Nam", "Sài Gòn Xanh", "Tân Tiến", "Kim Ngân", "Bình Minh", "Hoàn Cầu", "Việt Tín",
)  # fmt: skip
COMPANY_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân")
SUPPLEMENT_ITEMS = (
    ("Bản sao giấy tờ tùy thân", "Bản sao không rõ nét"),
    ("Tờ khai", "Thiếu chữ ký của người yêu cầu"),
    ("Bản vẽ hiện trạng", "Chưa đúng tỷ lệ theo quy định"),
    ("Giấy ủy quyền", "Chưa được chứng thực"),
)
REFUSAL_REASONS = (
    "Hồ sơ không đủ điều kiện theo quy định",
    "Không thuộc thẩm quyền giải quyết",
    "Người nộp không bổ sung hồ sơ theo yêu cầu",
)
