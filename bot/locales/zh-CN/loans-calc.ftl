# Loan calculator, amount and term input, schedule export (bot/loans, bot/calendar).

## Typed amounts (bot/loans/amounts.py)
amount-empty = 请输入金额，例如 100000 或 10万。
amount-not-a-number = 没看懂这个金额。请只写数字，例如 100000、10万 或 十万。
amount-negative = 金额不能是负数。
amount-zero = 金额必须大于 0。
amount-scientific = 请不要用科学计数法，直接写数字，例如 100000 或 10万。
amount-too-many-decimals = 金额最多精确到分（小数点后两位）。
amount-too-long = 输入太长了，金额最多 { $max } 个字符。
amount-out-of-range = 金额须在 { $min } 元至 { $max } 元之间。

## Typed terms
term-empty = 请输入期限，例如 12个月 或 3年。
term-not-understood = 没看懂这个期限。请写成 12个月、3年 或 一年半 这样的形式。
term-not-whole-months = 期限须为整月数，例如 1年半（18个月）。
term-out-of-range = 期限须在 { $min } 至 { $max } 个月之间。

## Calculator (bot/loans/calculator.py)
loan-calc-principal-not-positive = 贷款金额必须大于 0。
loan-calc-principal-fen = 贷款金额最多精确到分。
loan-calc-months-out-of-range = 贷款期限须在 { $min } 至 { $max } 个月之间。
loan-calc-rate-out-of-range = 年利率须在 { $min }% 至 { $max }% 之间。
loan-calc-principal-too-small-for-term = 金额相对 { $months } 个月的期限和这个利率太小，无法按分排出还款计划。请增加金额或缩短期限。
loan-calc-method-needs-draws = 随借随还没有固定还款计划，请按每笔借款和还款日期计算利息。
loan-calc-rate-adjust-invalid = 利率调整幅度无效。
loan-calc-subsidy-invalid = 贴息比例无效。
loan-calc-draws-empty = 请至少填写一笔借款。
loan-calc-draw-amount-invalid = { $date } 那一笔的金额无效：须大于 0 且最多精确到分。
loan-calc-overpaid = { $date } 的还款超过了当时的借款余额。
loan-calc-over-limit = { $date } 的借款超过了授信额度 { $limit } 元。
loan-calc-until-before-last-event = 计息截止日不能早于最后一笔借还款的日期。

## Repayment methods
loan-method-equal-instalments = 等额本息
loan-method-equal-principal = 等额本金
loan-method-interest-first = 先息后本
loan-method-draw-as-needed = 随借随还

## Schedule export headers (bot/loans/schedule_csv.py)
loan-csv-period = 期数
loan-csv-due-date = 还款日
loan-csv-payment = 月供（元）
loan-csv-principal = 本金（元）
loan-csv-interest = 利息（元）
loan-csv-balance = 剩余本金（元）
loan-csv-total = 合计
