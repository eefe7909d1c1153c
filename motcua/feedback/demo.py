"""Demo feedback of the demo city (called by `motcua seed_demo`; docs/demo-data.md): two
categories of UBND phường Bến Thành and four feedback items in different states (one answered
and published, one assigned to a specialist, one just received, one refused as a complaint
outside the scope of feedback), all made through the services at the present time.

Idempotent: a category whose code exists is left alone, an item whose title exists too."""

from __future__ import annotations

from collections.abc import Callable

from motcua.accounts.models import Agency, User
from motcua.feedback import services
from motcua.feedback.models import Category, Feedback, Kind

WARD = "000.02.90.H29"  # UBND phường Bến Thành (catalog/demo/agencies.py)
ADMIN = "quantri.benthanh"  # saves the categories
RECEPTION = "tiepnhan.benthanh"
SPECIALIST = "chuyenvien.benthanh"
HEAD = "truongphong.benthanh"
CATEGORIES = (
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Quy định, giấy tờ, thời hạn giải quyết."),
    ("trat-tu-do-thi", "Trật tự đô thị", "Lấn chiếm vỉa hè, vệ sinh, chiếu sáng công cộng."),
)

PUBLISHED = "Thủ tục xác nhận tình trạng hôn nhân đòi bản sao sổ hộ khẩu"
ASSIGNED = "Vỉa hè đường Lê Thánh Tôn bị lấn chiếm"
RECEIVED = "Đề nghị mở thêm quầy tiếp nhận buổi trưa"
REFUSED = "Khiếu nại quyết định xử phạt vi phạm hành chính"


def _submit(citizen: User | None, category: str, subject: str, title: str, content: str) -> str:
    data = services.SubmitData(
        category_code=category,
        subject=subject,
        title=title,
        content=content,
        name="" if citizen else "Lê Văn Bình",
        contact="" if citizen else "0908765432",
        agency_code=WARD,
    )
    return services.feedback_submit(actor=citizen, data=data).code


def seed_demo_feedback(echo: Callable[[str], None] = print) -> int:
    """Create the demo categories and feedback items that are missing; returns how many rows
    (categories and items) were made."""
    ward = Agency.objects.filter(code=WARD).first()
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[ADMIN, RECEPTION, SPECIALIST, HEAD, "congdan1", "congdan2"]
        )
    }
    if ward is None or len(users) < 6:
        echo("  bỏ qua phản ánh mẫu: chưa có phường Bến Thành hoặc người dùng mẫu")
        return 0
    made = 0
    for code, name, description in CATEGORIES:
        if not Category.objects.filter(code=code).exists():
            services.category_save(
                actor=users[ADMIN], code=code, name=name, agency=ward, description=description
            )
            made += 1
    titles = set(
        Feedback.objects.filter(title__in=[PUBLISHED, ASSIGNED, RECEIVED, REFUSED]).values_list(
            "title", flat=True
        )
    )
    head, reception = users[HEAD], users[RECEPTION]
    if PUBLISHED not in titles:
        code = _submit(
            users["congdan1"],
            "thu-tuc-hanh-chinh",
            "procedure",
            PUBLISHED,
            "Khi nộp hồ sơ xác nhận tình trạng hôn nhân, tôi được yêu cầu nộp bản sao sổ hộ khẩu "
            "dù sổ hộ khẩu đã bị bỏ từ năm 2023. Đề nghị phường hướng dẫn lại.",
        )
        services.feedback_classify(actor=reception, code=code, kind=Kind.RULES)
        services.feedback_assign(actor=head, code=code, handler=users[SPECIALIST])
        services.feedback_answer(
            actor=users[SPECIALIST],
            code=code,
            answer="Cảm ơn ông đã phản ánh. Từ ngày 01/01/2023 sổ hộ khẩu không còn giá trị sử "
            "dụng (Luật Cư trú 2020); thông tin cư trú được khai thác từ Cơ sở dữ liệu quốc gia "
            "về dân cư. Phường đã nhắc nhở Bộ phận Một cửa không yêu cầu giấy tờ này và cập nhật "
            "hướng dẫn tại quầy.",
        )
        services.feedback_publish(
            actor=head,
            code=code,
            public_title=PUBLISHED,
            public_content="Người dân phản ánh: khi nộp hồ sơ xác nhận tình trạng hôn nhân tại "
            "phường vẫn bị yêu cầu nộp bản sao sổ hộ khẩu, dù sổ hộ khẩu không còn được sử dụng "
            "từ năm 2023, và đề nghị phường hướng dẫn lại.",
        )
        made += 1
    if ASSIGNED not in titles:
        code = _submit(
            users["congdan2"],
            "trat-tu-do-thi",
            "agency",
            ASSIGNED,
            "Đoạn vỉa hè trước số 120 Lê Thánh Tôn bị bày hàng hóa, người đi bộ phải xuống lòng "
            "đường.",
        )
        services.feedback_classify(actor=reception, code=code, kind=Kind.RULES)
        services.feedback_assign(actor=head, code=code, handler=users[SPECIALIST])
        made += 1
    if RECEIVED not in titles:
        _submit(
            None,
            "thu-tuc-hanh-chinh",
            "agency",
            RECEIVED,
            "Người đi làm chỉ rảnh buổi trưa; đề nghị phường bố trí một quầy tiếp nhận từ 11:30 "
            "đến 13:00.",
        )
        made += 1
    if REFUSED not in titles:
        code = _submit(
            None,
            "trat-tu-do-thi",
            "conduct",
            REFUSED,
            "Tôi không đồng ý với quyết định xử phạt vi phạm hành chính về lấn chiếm vỉa hè và "
            "đề nghị hủy quyết định.",
        )
        services.feedback_classify(
            actor=reception,
            code=code,
            kind=Kind.OUT_OF_SCOPE,
            reason="Đây là khiếu nại một quyết định hành chính, không phải phản ánh, kiến nghị.",
        )
        made += 1
    return made
