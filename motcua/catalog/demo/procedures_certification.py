"""Certification (chứng thực) procedures."""

from __future__ import annotations

from motcua.catalog.demo.agencies import COMMUNE_CODES
from motcua.catalog.demo.helpers import (
    CUTOFF_15H,
    doc,
    fee,
    limit,
    procedure,
    steps,
)
from motcua.catalog.demo.procedures_justice import (
    CERT_SAME_DAY,
    CHUNG_THUC_LAW,
    COMMUNE_TEXT,
)

CHUNG_THUC = [
    procedure(
        code="2.000815",
        code_checked=True,
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
        "của Việt Nam cấp hoặc chứng nhận",
        field_code="chung-thuc",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=COMMUNE_TEXT + "; tổ chức hành nghề công chứng",
        steps_text="Người yêu cầu xuất trình bản chính và nộp bản sao cần chứng thực; người "
        "thực hiện chứng thực đối chiếu, ghi lời chứng, ký, đóng dấu.",
        **limit(0, "working_days", CERT_SAME_DAY),
        receipt_cutoff=CUTOFF_15H,
        channels=["counter"],
        applicants="Cá nhân, tổ chức",
        applicant_types=["individual", "organisation"],
        result_type="Bản sao được chứng thực từ bản chính",
        legal_basis=CHUNG_THUC_LAW,
        online_type="none",
        documents=[
            doc("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao (xuất trình)"),
            doc("Bản sao cần chứng thực (trường hợp người yêu cầu tự chuẩn bị)", "copy"),
        ],
        fees=[
            fee(
                "Phí chứng thực bản sao từ bản chính",
                2000,
                "đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản",
            )
        ],
    ),
    procedure(
        code="2.000884",
        code_checked=True,
        name="Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
        "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm "
        "chỉ được)",
        field_code="chung-thuc",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=COMMUNE_TEXT + "; tổ chức hành nghề công chứng",
        steps_text="Người yêu cầu ký trước mặt người thực hiện chứng thực; người thực hiện "
        "chứng thực ghi lời chứng, ký, đóng dấu.",
        **limit(0, "working_days", CERT_SAME_DAY),
        receipt_cutoff=CUTOFF_15H,
        channels=["counter"],
        applicants="Cá nhân",
        result_type="Giấy tờ, văn bản được chứng thực chữ ký",
        legal_basis=CHUNG_THUC_LAW,
        online_type="none",
        documents=[
            doc("Giấy tờ tùy thân còn giá trị sử dụng (xuất trình)"),
            doc("Giấy tờ, văn bản mà mình sẽ ký"),
        ],
        fees=[fee("Phí chứng thực chữ ký", 10000, "đồng/trường hợp")],
    ),
    procedure(
        code="2.001008",
        code_checked=True,
        name="Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
        field_code="chung-thuc",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=COMMUNE_TEXT,
        steps_text=steps("Người thực hiện chứng thực"),
        **limit(0, "working_days", CERT_SAME_DAY),
        receipt_cutoff=CUTOFF_15H,
        channels=["counter"],
        applicants="Người dịch",
        result_type="Bản dịch được chứng thực chữ ký người dịch",
        legal_basis=CHUNG_THUC_LAW,
        online_type="none",
        documents=[
            doc("Giấy tờ tùy thân của người dịch (xuất trình)"),
            doc("Bản dịch đính kèm giấy tờ, văn bản cần dịch"),
            doc(
                "Bằng tốt nghiệp đại học trở lên về ngoại ngữ hoặc giấy tờ chứng minh trình độ "
                "ngoại ngữ",
                "certified_copy",
            ),
        ],
        fees=[fee("Phí chứng thực chữ ký người dịch", 10000, "đồng/trường hợp")],
    ),
    procedure(
        code="2.000942",
        code_checked=True,
        name="Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        field_code="chung-thuc",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} đang lưu trữ hợp đồng, giao dịch",
        steps_text=steps("Công chức tư pháp - hộ tịch"),
        **limit(2, "working_days", "Không quá 02 ngày làm việc kể từ ngày nhận đủ hồ sơ."),
        channels=["counter"],
        applicants="Các bên tham gia hợp đồng, giao dịch; người có quyền, nghĩa vụ liên quan",
        result_type="Bản sao có chứng thực hợp đồng, giao dịch",
        legal_basis=CHUNG_THUC_LAW,
        online_type="none",
        verify="thời hạn",
        documents=[
            doc("Giấy tờ tùy thân của người yêu cầu (xuất trình)"),
            doc(
                "Giấy tờ chứng minh quyền, nghĩa vụ liên quan (nếu là người có quyền, "
                "nghĩa vụ liên quan)",
                "copy",
                required=False,
            ),
        ],
        fees=[
            fee(
                "Phí cấp bản sao có chứng thực",
                2000,
                "đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản",
            )
        ],
    ),
    procedure(
        code="2.001035",
        name="Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng "
        "đất và nhà ở",
        field_code="chung-thuc",
        level="commune",
        agencies=COMMUNE_CODES,
        agency_text=f"{COMMUNE_TEXT} nơi có đất, nhà ở (đối với hợp đồng về bất động sản)",
        steps_text=steps(
            "Công chức tư pháp - hộ tịch; Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân "
            "dân cấp xã ký chứng thực"
        ),
        **limit(
            2,
            "working_days",
            "Trong ngày tiếp nhận hoặc ngày làm việc tiếp theo; hợp đồng "
            "phức tạp không quá 02 ngày làm việc.",
        ),
        channels=["counter"],
        applicants="Các bên tham gia hợp đồng, giao dịch",
        applicant_types=["individual", "organisation"],
        result_type="Hợp đồng, giao dịch được chứng thực",
        legal_basis=CHUNG_THUC_LAW,
        online_type="none",
        verify="mã thủ tục",
        documents=[
            doc("Dự thảo hợp đồng, giao dịch"),
            doc("Giấy tờ tùy thân của người yêu cầu chứng thực", "copy"),
            doc(
                "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở hoặc giấy tờ chứng minh "
                "quyền sở hữu, quyền sử dụng tài sản",
                "copy",
            ),
        ],
        fees=[
            fee("Phí chứng thực hợp đồng, giao dịch", 50000, "đồng/hợp đồng, giao dịch"),
            fee(
                "Phí chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
                30000,
                "đồng/hợp đồng, giao dịch",
            ),
        ],
    ),
]

PROCEDURES = CHUNG_THUC
