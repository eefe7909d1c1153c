"""Commune-level civil status (hộ tịch) and certification (chứng thực) procedures.

Time limits, fees and documents as the national catalogue publishes them, written from
knowledge; see docs/demo-data.md for what is unconfirmed."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES
from motcua.catalog.demo.helpers import (
    CUTOFF_15H,
    charge,
    doc,
    fee,
    field,
    limit,
    procedure,
    steps,
)

HO_TICH_LAW = (
    "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP; Thông tư số 04/2020/TT-BTP "
    "(sửa đổi, bổ sung bởi Thông tư số 04/2024/TT-BTP); Nghị định số 87/2020/NĐ-CP về Cơ sở dữ "
    "liệu hộ tịch điện tử; Thông tư số 85/2019/TT-BTC."
)
CHUNG_THUC_LAW = (
    "Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, "
    "chứng thực chữ ký và chứng thực hợp đồng, giao dịch; Thông tư số 01/2020/TT-BTP; "
    "Thông tư số 226/2016/TT-BTC."
)
SAME_DAY = (
    "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết "
    "được ngay thì trả kết quả trong ngày làm việc tiếp theo."
)
CERT_SAME_DAY = (
    "Trong ngày cơ quan tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận sau "
    "15 giờ; trường hợp yêu cầu số lượng lớn thì có thể hẹn lại (Nghị định 23/2015/NĐ-CP, Điều 7)."
)
ID_SHOWN = doc(
    "Giấy tờ tùy thân của người yêu cầu (xuất trình; tra cứu từ Cơ sở dữ liệu quốc "
    "gia về dân cư khi có)",
    reusable=True,
)
PROXY = doc(
    "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền)", "certified_copy", required=False
)
TPL = "mẫu TT 04/2020/TT-BTP"
HT = "Công chức tư pháp - hộ tịch, Ủy ban nhân dân cấp xã"
COMMUNE_TEXT = "Ủy ban nhân dân xã, phường, đặc khu"
PHONE = field("so_dien_thoai", "Số điện thoại liên hệ", "phone")

HO_TICH = [
    procedure(
        code="1.001193",
        code_checked=True,
        name="Đăng ký khai sinh",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi cư trú của người cha hoặc người mẹ",
        steps_text=steps(HT),
        **limit(0, "working_days", SAME_DAY),
        receipt_cutoff=CUTOFF_15H,
        applicants="Cha, mẹ, ông, bà, người thân thích khác hoặc cá nhân, tổ chức đang nuôi "
        "dưỡng trẻ em",
        result_type="Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu có yêu cầu",
        legal_basis=HO_TICH_LAW + " Nghị định số 63/2024/NĐ-CP (liên thông đăng ký khai sinh, "
        "đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi).",
        requirements="Đăng ký trong 60 ngày kể từ ngày sinh. Đăng ký quá hạn nộp lệ phí theo "
        "Nghị quyết của Hội đồng nhân dân Thành phố.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        paper_result_required=True,
        documents=[
            doc("Tờ khai đăng ký khai sinh", template=f"Tờ khai đăng ký khai sinh ({TPL})"),
            doc(
                "Giấy chứng sinh; nếu không có thì văn bản của người làm chứng hoặc giấy cam "
                "đoan về việc sinh; trẻ bị bỏ rơi: biên bản xác nhận việc trẻ bị bỏ rơi"
            ),
            ID_SHOWN,
            PROXY,
        ],
        fees=[
            charge("Lệ phí đăng ký khai sinh đúng hạn", 0, "Miễn lệ phí (Luật Hộ tịch, Điều 11)")
        ],
        form_schema=[
            field("ho_ten_tre", "Họ, chữ đệm và tên của trẻ"),
            field("ngay_sinh", "Ngày, tháng, năm sinh", "date", maximum="today"),
            field("gioi_tinh", "Giới tính", "choice", choices=["Nam", "Nữ"]),
            field("noi_sinh", "Nơi sinh"),
            field("dan_toc", "Dân tộc"),
            field("ho_ten_me", "Họ, chữ đệm và tên người mẹ"),
            field("cccd_me", "Số định danh cá nhân của người mẹ", "cccd"),
            field("ho_ten_cha", "Họ, chữ đệm và tên người cha", required=False),
            field("cccd_cha", "Số định danh cá nhân của người cha", "cccd", required=False),
            PHONE,
        ],
    ),
    procedure(
        code="1.000894",
        code_checked=True,
        name="Đăng ký kết hôn",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi cư trú của một trong hai bên nam, nữ",
        steps_text=steps(HT) + "\nHai bên nam, nữ có mặt ký vào Giấy chứng nhận kết hôn.",
        **limit(
            0,
            "working_days",
            "Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh điều kiện "
            "kết hôn thì không quá 05 ngày làm việc.",
        ),
        receipt_cutoff=CUTOFF_15H,
        channels=["counter", "online"],
        applicants="Công dân Việt Nam cư trú ở trong nước (hai bên nam, nữ)",
        result_type="Giấy chứng nhận kết hôn (bản chính, mỗi bên một bản)",
        legal_basis="Luật Hôn nhân và gia đình số 52/2014/QH13; " + HO_TICH_LAW,
        requirements="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do hai bên tự nguyện "
        "quyết định; không mất năng lực hành vi dân sự; không thuộc trường hợp cấm "
        "kết hôn (Luật Hôn nhân và gia đình, Điều 8).",
        paper_result_required=True,
        documents=[
            doc("Tờ khai đăng ký kết hôn", template=f"Tờ khai đăng ký kết hôn ({TPL})"),
            doc(
                "Giấy xác nhận tình trạng hôn nhân (khi đăng ký kết hôn tại nơi không phải nơi "
                "thường trú của người yêu cầu)",
                required=False,
            ),
            ID_SHOWN,
        ],
        fees=[
            charge(
                "Lệ phí đăng ký kết hôn",
                0,
                "Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước",
            )
        ],
        form_schema=[
            field("ho_ten_chong", "Họ, chữ đệm và tên bên nam"),
            field("cccd_chong", "Số định danh cá nhân bên nam", "cccd"),
            field("ngay_sinh_chong", "Ngày sinh bên nam", "date", maximum="today"),
            field("ho_ten_vo", "Họ, chữ đệm và tên bên nữ"),
            field("cccd_vo", "Số định danh cá nhân bên nữ", "cccd"),
            field("ngay_sinh_vo", "Ngày sinh bên nữ", "date", maximum="today"),
            PHONE,
        ],
    ),
    procedure(
        code="1.000656",
        code_checked=True,
        name="Đăng ký khai tử",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi cư trú cuối cùng của người chết",
        steps_text=steps(HT),
        **limit(
            0, "working_days", SAME_DAY + " Trường hợp cần xác minh thì không quá 03 ngày làm việc."
        ),
        receipt_cutoff=CUTOFF_15H,
        applicants="Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết",
        result_type="Trích lục khai tử (bản chính)",
        legal_basis=HO_TICH_LAW,
        requirements="Đăng ký trong 15 ngày kể từ ngày có người chết.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[
            doc("Tờ khai đăng ký khai tử", template=f"Tờ khai đăng ký khai tử ({TPL})"),
            doc("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp"),
            ID_SHOWN,
            PROXY,
        ],
        fees=[charge("Lệ phí đăng ký khai tử đúng hạn", 0, "Miễn lệ phí (Luật Hộ tịch, Điều 11)")],
        form_schema=[
            field("ho_ten_nguoi_chet", "Họ, chữ đệm và tên người chết"),
            field("cccd_nguoi_chet", "Số định danh cá nhân của người chết", "cccd"),
            field("ngay_chet", "Ngày chết", "date", maximum="today"),
            field("noi_chet", "Nơi chết"),
            field("nguyen_nhan", "Nguyên nhân chết", required=False),
            field(
                "quan_he",
                "Quan hệ với người chết",
                "choice",
                choices=["Vợ/chồng", "Con", "Cha/mẹ", "Người thân thích khác"],
            ),
            PHONE,
        ],
    ),
    procedure(
        code="1.004873",
        code_checked=True,
        name="Cấp Giấy xác nhận tình trạng hôn nhân",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi thường trú của người yêu cầu",
        steps_text=steps(HT),
        **limit(
            3,
            "working_days",
            "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường "
            "hợp phải xác minh thì được kéo dài theo Nghị định "
            "123/2015/NĐ-CP, Điều 22.",
        ),
        applicants="Công dân Việt Nam",
        result_type="Giấy xác nhận tình trạng hôn nhân",
        legal_basis=HO_TICH_LAW,
        requirements="Lệ phí theo Nghị quyết của Hội đồng nhân dân Thành phố. Giấy xác nhận có "
        "giá trị 06 tháng kể từ ngày cấp.",
        online_type="end_to_end",
        eligible_end_to_end=True,
        verify="lệ phí của TP.HCM",
        documents=[
            doc(
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                template=f"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân ({TPL})",
            ),
            doc(
                "Bản án, quyết định ly hôn hoặc giấy chứng tử của vợ/chồng (trường hợp đã "
                "ly hôn hoặc vợ/chồng đã chết)",
                "copy",
                required=False,
            ),
            ID_SHOWN,
        ],
        form_schema=[
            field("ho_ten", "Họ, chữ đệm và tên người yêu cầu"),
            field("cccd", "Số định danh cá nhân", "cccd"),
            field("ngay_sinh", "Ngày sinh", "date", maximum="today"),
            field(
                "muc_dich",
                "Mục đích sử dụng",
                "choice",
                choices=["Đăng ký kết hôn", "Giao dịch dân sự", "Mục đích khác"],
            ),
            field(
                "ket_hon_voi",
                "Họ tên người dự định kết hôn (nếu để đăng ký kết hôn)",
                required=False,
            ),
            PHONE,
        ],
    ),
    procedure(
        code="1.004884",
        code_checked=True,
        name="Đăng ký lại khai sinh",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi đã đăng ký khai sinh trước đây hoặc nơi cư trú",
        steps_text=steps(HT),
        **limit(
            5,
            "working_days",
            "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường "
            "hợp phải xác minh thì không quá 10 ngày làm việc.",
        ),
        applicants="Cá nhân đã đăng ký khai sinh tại cơ quan đăng ký hộ tịch Việt Nam nhưng "
        "Sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất",
        result_type="Giấy khai sinh (bản chính)",
        legal_basis=HO_TICH_LAW,
        verify="thời hạn khi phải xác minh; lệ phí",
        documents=[
            doc("Tờ khai đăng ký lại khai sinh", template=f"Tờ khai đăng ký lại khai sinh ({TPL})"),
            doc(
                "Bản sao Giấy khai sinh cũ hoặc giấy tờ, tài liệu có nội dung liên quan đến "
                "việc khai sinh",
                "copy",
            ),
            ID_SHOWN,
        ],
    ),
    procedure(
        code="1.004859",
        code_checked=True,
        name="Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi đã đăng ký hộ tịch trước đây hoặc nơi cư trú",
        steps_text=steps(HT),
        **limit(
            3,
            "working_days",
            "03 ngày làm việc; bổ sung thông tin hộ tịch được giải quyết ngay trong ngày.",
        ),
        applicants="Cá nhân có yêu cầu (người dưới 18 tuổi thông qua cha, mẹ, người giám hộ)",
        result_type="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
        legal_basis=HO_TICH_LAW,
        requirements="Lệ phí theo Nghị quyết của Hội đồng nhân dân Thành phố.",
        verify="lệ phí của TP.HCM",
        documents=[
            doc(
                "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                template=f"Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch ({TPL})",
            ),
            doc("Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", "copy"),
            ID_SHOWN,
        ],
    ),
    procedure(
        code="2.000635",
        code_checked=True,
        name="Cấp bản sao Trích lục hộ tịch",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} đang lưu giữ Sổ hộ tịch hoặc có Cơ sở dữ liệu hộ tịch điện tử",
        steps_text=steps(HT),
        **limit(0, "working_days", SAME_DAY),
        receipt_cutoff=CUTOFF_15H,
        applicants="Cá nhân, tổ chức có yêu cầu",
        result_type="Bản sao Trích lục hộ tịch",
        legal_basis=HO_TICH_LAW
        + " Thông tư số 281/2016/TT-BTC (phí cấp bản sao trích lục hộ tịch).",
        online_type="end_to_end",
        eligible_end_to_end=True,
        documents=[
            doc(
                "Tờ khai cấp bản sao Trích lục hộ tịch",
                template=f"Tờ khai cấp bản sao trích lục hộ tịch ({TPL})",
            ),
            ID_SHOWN,
            PROXY,
        ],
        fees=[
            fee(
                "Phí cấp bản sao Trích lục hộ tịch",
                8000,
                "đồng/bản sao Trích lục/sự kiện hộ tịch đã đăng ký",
            )
        ],
        form_schema=[
            field(
                "loai_su_kien",
                "Sự kiện hộ tịch",
                "choice",
                choices=["Khai sinh", "Kết hôn", "Khai tử", "Khác"],
            ),
            field("ho_ten", "Họ, chữ đệm và tên người được cấp trích lục"),
            field("cccd", "Số định danh cá nhân người được cấp", "cccd", required=False),
            field("so_dang_ky", "Số đăng ký, ngày đăng ký (nếu biết)", required=False),
            field("so_ban", "Số bản sao yêu cầu", "number", integer=True, minimum=1, maximum=100),
            PHONE,
        ],
    ),
    procedure(
        code="1.000689",
        code_checked=True,
        name="Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        field_code="ho-tich",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi cư trú của người cha hoặc người mẹ",
        steps_text=steps(HT),
        **limit(
            3,
            "working_days",
            "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường "
            "hợp cần xác minh thì kéo dài không quá 05 ngày làm việc.",
        ),
        applicants="Cha hoặc mẹ của trẻ",
        result_type="Giấy khai sinh; Trích lục đăng ký nhận cha, mẹ, con",
        legal_basis=HO_TICH_LAW,
        verify="thời hạn",
        documents=[
            doc("Tờ khai đăng ký khai sinh", template=f"Tờ khai đăng ký khai sinh ({TPL})"),
            doc(
                "Tờ khai đăng ký nhận cha, mẹ, con",
                template=f"Tờ khai đăng ký nhận cha, mẹ, con ({TPL})",
            ),
            doc("Giấy chứng sinh"),
            doc(
                "Chứng cứ chứng minh quan hệ cha, mẹ, con (văn bản giám định ADN hoặc giấy tờ "
                "khác)",
                "original_or_copy",
            ),
            ID_SHOWN,
        ],
        fees=[charge("Lệ phí đăng ký khai sinh đúng hạn", 0, "Miễn lệ phí")],
    ),
]

PROCEDURES = HO_TICH
