"""The two liên thông bundles of Decree 63/2024/NĐ-CP (life events: a birth, a death).

One online submission with one combined declaration, received by the ward (civil status at the
ward's one-stop), then the ward police (residence) and the ward's social insurance, the result
returned by the ward. 3 working days, 5 when verification is needed, received after 15:00 →
counted from the next working day (docs/rules.md §2, §15). The processes are in
`dossiers.demo_processes.seed_bundle_processes`.

The codes are the demo's own (`LT.` prefix): the national codes of the two groups published by
Decision 296/QĐ-VPCP (2024) were not checked (docs/demo-data.md)."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES
from motcua.catalog.demo.helpers import CUTOFF_15H, charge, doc, field, limit, procedure

BIRTH_BUNDLE = "LT.000001"
DEATH_BUNDLE = "LT.000002"
BUNDLE_CODES = (BIRTH_BUNDLE, DEATH_BUNDLE)

DECREE_63 = (
    "Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ quy định việc thực hiện liên thông "
    "điện tử 02 nhóm thủ tục hành chính: đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm "
    "y tế cho trẻ em dưới 6 tuổi; đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng "
    "phí, tử tuất; Quyết định số 296/QĐ-VPCP năm 2024 công bố 02 nhóm thủ tục."
)
LAWS = (
    "Luật Hộ tịch số 60/2014/QH13; Luật Cư trú số 68/2020/QH14; Luật Bảo hiểm y tế; "
    "Luật Bảo hiểm xã hội số 41/2024/QH15; " + DECREE_63
)
LIMIT_TEXT = (
    "03 ngày làm việc kể từ ngày nhận đủ hồ sơ; trường hợp cần xác minh thì không quá 05 ngày "
    "làm việc. Hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo (Nghị định "
    "63/2024/NĐ-CP, Điều 7)."
)
AGENCY_TEXT = (
    "Ủy ban nhân dân phường, xã, đặc khu (tiếp nhận, đăng ký hộ tịch, trả kết quả); Công an "
    "phường, xã (đăng ký, xóa đăng ký thường trú); Bảo hiểm xã hội (thẻ bảo hiểm y tế, mai táng "
    "phí, tử tuất)"
)
STEPS = (
    "Bước 1: Người yêu cầu nộp một bộ hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc ứng "
    "dụng VNeID, hoặc tại Trung tâm Phục vụ hành chính công phường, xã, với một tờ khai liên "
    "thông.\n"
    "Bước 2: Công chức tư pháp - hộ tịch của Ủy ban nhân dân cấp xã tiếp nhận, đăng ký hộ tịch "
    "và chuyển hồ sơ điện tử cho Công an cấp xã.\n"
    "Bước 3: Công an cấp xã giải quyết đăng ký cư trú và chuyển tiếp cho cơ quan Bảo hiểm xã "
    "hội.\n"
    "Bước 4: Cơ quan Bảo hiểm xã hội giải quyết; Ủy ban nhân dân cấp xã trả toàn bộ kết quả "
    "cho người yêu cầu (một lần hẹn)."
)
ONLINE_FIRST = ["online", "counter"]
PHONE = field("so_dien_thoai", "Số điện thoại liên hệ", "phone")
PROXY = doc("Văn bản ủy quyền (trường hợp ủy quyền)", "certified_copy", required=False)
ID_SHOWN = doc(
    "Giấy tờ tùy thân của người yêu cầu (tra cứu từ Cơ sở dữ liệu quốc gia về dân cư)",
    reusable=True,
)


def _bundle(**kw: object) -> dict:
    return procedure(
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=AGENCY_TEXT,
        steps_text=STEPS,
        **limit(3, "working_days", LIMIT_TEXT),
        receipt_cutoff=CUTOFF_15H,
        channels=ONLINE_FIRST,
        online_type="end_to_end",
        eligible_end_to_end=True,
        verify="Mã thủ tục quốc gia của nhóm liên thông (Quyết định 296/QĐ-VPCP), các thành phần "
        "hồ sơ và mẫu tờ khai điện tử theo Nghị định 63/2024/NĐ-CP.",
        **kw,
    )


BIRTH = _bundle(
    code=BIRTH_BUNDLE,
    name="Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em "
    "dưới 6 tuổi",
    applicants="Cha, mẹ hoặc người thân thích đi đăng ký khai sinh cho trẻ em",
    result_type="Giấy khai sinh (bản điện tử và bản giấy); thông tin đăng ký thường trú của trẻ "
    "trong Cơ sở dữ liệu về cư trú; thẻ bảo hiểm y tế của trẻ em dưới 6 tuổi",
    legal_basis=LAWS,
    requirements="Trẻ em dưới 6 tuổi; đăng ký khai sinh trong 60 ngày kể từ ngày sinh; nơi "
    "đăng ký thường trú là chỗ ở hợp pháp của cha, mẹ (chủ hộ đồng ý khi không phải chủ hộ).",
    documents=[
        doc("Tờ khai liên thông (đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế)"),
        doc(
            "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam đoan "
            "về việc sinh"
        ),
        doc(
            "Văn bản đồng ý của chủ hộ hoặc chủ sở hữu chỗ ở hợp pháp (khi cha, mẹ không phải "
            "chủ hộ)",
            required=False,
        ),
        ID_SHOWN,
        PROXY,
    ],
    fees=[
        charge(
            "Lệ phí đăng ký khai sinh, đăng ký thường trú",
            0,
            "Miễn lệ phí đăng ký khai sinh đúng hạn và đăng ký thường trú cho trẻ em",
        )
    ],
    form_schema=[
        field("ho_ten_tre", "Họ, chữ đệm và tên của trẻ"),
        field("ngay_sinh", "Ngày, tháng, năm sinh của trẻ", "date", maximum="today"),
        field("gioi_tinh", "Giới tính", "choice", choices=["Nam", "Nữ"]),
        field("noi_sinh", "Nơi sinh"),
        field("dan_toc", "Dân tộc"),
        field("quoc_tich", "Quốc tịch"),
        field("ho_ten_me", "Họ, chữ đệm và tên người mẹ"),
        field("cccd_me", "Số định danh cá nhân của người mẹ", "cccd"),
        field("ho_ten_cha", "Họ, chữ đệm và tên người cha", required=False),
        field("cccd_cha", "Số định danh cá nhân của người cha", "cccd", required=False),
        field("dia_chi_thuong_tru", "Địa chỉ đăng ký thường trú của trẻ"),
        field("ho_ten_chu_ho", "Họ, chữ đệm và tên chủ hộ"),
        field("cccd_chu_ho", "Số định danh cá nhân của chủ hộ", "cccd"),
        field("quan_he_chu_ho", "Quan hệ của trẻ với chủ hộ"),
        field("noi_kham_bhyt", "Nơi đăng ký khám bệnh, chữa bệnh bảo hiểm y tế ban đầu"),
        field(
            "nhan_the_bhyt",
            "Hình thức nhận thẻ bảo hiểm y tế",
            "choice",
            choices=[
                "Thẻ điện tử trên VNeID",
                "Nhận tại Ủy ban nhân dân phường, xã",
                "Qua bưu chính",
            ],
        ),
        PHONE,
    ],
)

DEATH = _bundle(
    code=DEATH_BUNDLE,
    name="Liên thông đăng ký khai tử, xoá đăng ký thường trú, hưởng chế độ tử tuất/ trợ cấp "
    "mai táng",
    applicants="Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết",
    result_type="Trích lục khai tử; thông tin xóa đăng ký thường trú trong Cơ sở dữ liệu về cư "
    "trú; quyết định hưởng trợ cấp mai táng, chế độ tử tuất",
    legal_basis=LAWS,
    requirements="Đăng ký khai tử trong 15 ngày kể từ ngày có người chết; chế độ tử tuất theo "
    "Luật Bảo hiểm xã hội, trợ cấp mai táng theo quy định về chính sách trợ giúp xã hội.",
    documents=[
        doc("Tờ khai liên thông (đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất)"),
        doc("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử"),
        doc(
            "Giấy tờ chứng minh quan hệ thân nhân với người chết (khi hưởng chế độ tử tuất)",
            "copy",
            required=False,
            reusable=True,
        ),
        ID_SHOWN,
        PROXY,
    ],
    fees=[charge("Lệ phí đăng ký khai tử", 0, "Miễn lệ phí đăng ký khai tử đúng hạn")],
    form_schema=[
        field("ho_ten_nguoi_chet", "Họ, chữ đệm và tên người chết"),
        field(
            "ngay_sinh_nguoi_chet", "Ngày, tháng, năm sinh của người chết", "date", maximum="today"
        ),
        field("cccd_nguoi_chet", "Số định danh cá nhân của người chết", "cccd"),
        field("ngay_chet", "Ngày, tháng, năm chết", "date", maximum="today"),
        field("noi_chet", "Nơi chết"),
        field("nguyen_nhan_chet", "Nguyên nhân chết"),
        field("dia_chi_thuong_tru", "Nơi thường trú cuối cùng (để xóa đăng ký thường trú)"),
        field("ho_ten_nguoi_khai", "Họ, chữ đệm và tên người đi khai tử"),
        field("cccd_nguoi_khai", "Số định danh cá nhân của người đi khai tử", "cccd"),
        field("quan_he", "Quan hệ với người chết"),
        field("ma_so_bhxh", "Mã số bảo hiểm xã hội của người chết", required=False),
        field(
            "che_do",
            "Chế độ đề nghị hưởng",
            "choice",
            choices=["Trợ cấp mai táng", "Trợ cấp tuất một lần", "Trợ cấp tuất hằng tháng"],
        ),
        field(
            "hinh_thuc_nhan",
            "Hình thức nhận tiền",
            "choice",
            choices=["Qua tài khoản ngân hàng", "Tiền mặt qua bưu chính"],
        ),
        field("so_tai_khoan", "Số tài khoản, ngân hàng (khi nhận qua tài khoản)", required=False),
        PHONE,
    ],
)

PROCEDURES = [BIRTH, DEATH]
