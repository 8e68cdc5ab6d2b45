"""What an inspection checks besides the PAR criteria: the one-stop rules, each with the live figure shown
beside it (an indicator of ``cchc.core.indicators``, computed for the inspected unit's subtree and year)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    text: str
    figure: str = ""


ONESTOP_RULES = (
    Rule("MC-01", "Hồ sơ được giải quyết đúng hạn (chỉ tiêu ≥ 98%)", "on_time_rate"),
    Rule("MC-02", "Không còn hồ sơ đang giải quyết quá hạn", "overdue_pending_rate"),
    Rule("MC-03", "Hồ sơ trễ hạn đều có văn bản xin lỗi gửi đúng thời hạn", "apology_compliance_rate"),
    Rule("MC-04", "Tỷ lệ hồ sơ trực tuyến (chỉ tiêu ≥ 50%)", "online_rate"),
    Rule("MC-05", "Số hóa hồ sơ khi tiếp nhận (chỉ tiêu ≥ 80%)", "digitized_rate"),
    Rule("MC-06", "Thanh toán trực tuyến phí, lệ phí", "paid_online_rate"),
    Rule("MC-07", "Sổ theo dõi, phiếu kiểm soát quá trình giải quyết hồ sơ cập nhật đầy đủ"),
    Rule(
        "MC-08", "Niêm yết công khai TTHC đầy đủ, đúng quy định (số trang, số hiệu quyết định công bố, mã QR)"
    ),
    Rule("MC-09", "Trạng thái hồ sơ trên hệ thống trùng khớp thực tế"),
    Rule(
        "KH-01",
        "Nhiệm vụ CCHC được giao hoàn thành đúng hạn (không có nhiệm vụ quá hạn)",
        "overdue_task_rate",
    ),
)

#: how each live figure reads on the checklist: what the numerator and the denominator count
FIGURE_LABELS = {
    "on_time_rate": ("hồ sơ đúng hạn", "hồ sơ đã giải quyết"),
    "overdue_pending_rate": ("hồ sơ quá hạn", "hồ sơ đang giải quyết"),
    "apology_compliance_rate": ("hồ sơ trễ hạn có thư xin lỗi đúng hạn", "hồ sơ trễ hạn"),
    "online_rate": ("hồ sơ trực tuyến", "hồ sơ tiếp nhận"),
    "digitized_rate": ("hồ sơ được số hóa", "hồ sơ tiếp nhận"),
    "paid_online_rate": ("hồ sơ thanh toán trực tuyến", "hồ sơ có phí"),
    "plan_completion_rate": ("nhiệm vụ hoàn thành", "nhiệm vụ"),
    "overdue_task_rate": ("nhiệm vụ quá hạn", "nhiệm vụ đang thực hiện"),
    "remediation_closure_rate": ("nội dung đã khắc phục", "nội dung phải khắc phục"),
}
