## /loans（dialogs/loans.py）与 /calc（dialogs/calculator.py）
## 金额、利率由代码格式化后传入（20万元、3.6975）；利率单位为年利率%。

flow-loans = 工会贷款资格查询
flow-calc = 贷款计算器
cmd-calc = 贷款计算器（月供、利息）
menu-calc = 🧮 贷款计算器

## 资料中缺少的两项

loans-ask-branch = 各地工会贷款只面向本地工会会员。你属于哪个工会？请点选，或直接输入工会名称：
loans-ask-titles = 你有以下荣誉称号吗？称号决定可贷额度和利率。可多选，选好后点「完成」：

## 引导问题

loans-question = { $text }（还需回答 { $left } 个问题）
loans-question-why = 这个问题关系到：{ $programmes }
loans-question-number = 请直接输入数字（单位：{ $unit }），例如 12。
loans-number-typed = 请直接输入一个数字。
loans-number-invalid = 没看懂这个数字，请只写数字（单位：{ $unit }），例如 12。
loans-no-more-questions = 问题已经答完了。

## 结果

loans-summary = 根据你的资料和回答，{ $total } 个工会贷款产品中有 { $fitting } 个适合你（{ $split }）：{ $names }。
loans-summary-none = 根据你的资料和回答，{ $total } 个工会贷款产品目前都不适合你，原因见下。
loans-count-individual = 个人贷款 { $count } 个
loans-count-company = 企业贷款 { $count } 个
loans-based-on = 依据：工会 { $branch }；称号 { $titles }。资料有变可用 /profile 修改。
loans-assumption-legend = 标 ⚠ 的内容是报道没有写明、示例目录假设的数字，仅供演示，以银行和工会的实际规定为准。
loans-assumed-mark = （⚠ 假设）

loans-card-title = ✅ { $name } · { $borrower }
loans-card-organiser = { $organiser } · 合作银行：{ $bank }
loans-card-cap = 你的档次：{ $tier } · 额度最高 { $max }
loans-card-cap-range = 你的档次：{ $tier } · 授信额度 { $min } 至 { $max }
loans-card-rate = 年利率：{ $rate }%（按 { $months } 个月期限报价）{ $assumed }
loans-card-rate-how = 　利率怎么来的：{ $how }
loans-card-term = 期限：最长 { $months } 个月
loans-card-security = 担保方式：{ $security }
loans-card-methods = 还款方式：{ $methods }
loans-card-subsidy = 贴息：{ $subsidy }
loans-card-bears = 你实际承担：{ $bears }
loans-card-higher-tier = 更高档次未达到：{ $reason }
loans-card-note = 说明：{ $note }
loans-card-assumption = ⚠ 假设：{ $note }

loans-security-credit = 信用贷款（免担保、免抵押）
loans-security-guarantee = 保证（需担保）
loans-security-mortgage = 抵押
loans-subsidy-none = 无
loans-subsidy-full = 工会全额贴息
loans-subsidy-points = 工会贴息 { $points } 个百分点
loans-subsidy-share = 工会贴息 { $share }%

loans-ineligible-header = 以下 { $count } 个产品目前不适合你：
loans-ineligible-item = ❌ { $name } · { $borrower }：{ $reason }
loans-reason-sep = ；
loans-missing-facts = 还需要补充资料：{ $facts }（用 /profile 填写）
loans-fact-union_member = 工会会员身份
loans-fact-union_branch = 所属工会
loans-fact-region = 所在地区
loans-fact-occupation = 职业
loans-fact-titles = 荣誉称号

loans-apply = 📝 申请
loans-calc = 🧮 算一算月供
loans-change-answer = « 改上一个回答
loans-done = ✔ 完成
loans-prev = ◀ 上一页
loans-more = 下一页 ▶
loans-page = （第 { $page }/{ $pages } 页：先是适合你的产品，最后是不适合的产品及原因）
loans-use-buttons = 请用下方按钮翻页、申请或计算月供。
loans-bye = 好的。需要时发送 /loans 再查，/calc 算月供，/apply 提交预申请。
loans-saved-to-profile = 你刚才告诉我的工会和称号已记入个人资料，下次不用再答（/profile 可修改）。

## 计算器

calc-heading = 🧮 贷款计算器
calc-heading-preset = 🧮 { $programme } · { $tier }
calc-ask-amount = 想贷多少钱？可贷 { $min } 至 { $max }。可以写 100000、10万、十万、10w、1.5万。
calc-amount-invalid = { $reason }（可贷 { $min } 至 { $max }）
calc-type-amount = 请直接输入金额，例如 10万。
calc-ask-term = 贷多久？例如 12、1年、3年、18个月（最长 { $max } 个月）。
calc-term-invalid = { $reason }（期限可选 1 至 { $max } 个月）
calc-type-term = 请直接输入期限，例如 3年。
calc-ask-method = 怎么还款？
calc-method-hint-equal_instalments = · 等额本息：每月还款额相同
calc-method-hint-equal_principal = · 等额本金：每月还的本金相同，月供逐月减少，总利息更少
calc-method-hint-interest_first = · 先息后本：每月只还利息，到期一次还清本金
calc-method-hint-draw_as_needed = · 随借随还：按实际用款天数计息，随时可还
calc-ask-rate = 年利率是多少？例如 3.45 或 3.45%。
calc-rate-lpr-hint = 参考：1年期LPR { $lpr1 }%，5年期以上LPR { $lpr5 }%（{ $date }起）。
calc-rate-unquoted = 这一期限暂时查不到该档次的利率，请输入银行给你的年利率。
calc-rate-invalid = 请输入 0 至 { $max } 之间的年利率（百分数，最多4位小数），例如 3.45 或 3.45%。
calc-rate-fraction = 年利率 { $typed }% 太低了。是不是想写 { $meant }%？请按百分数输入。
calc-type-rate = 请直接输入年利率，例如 3.45%。

calc-result-inputs = 贷款 { $amount } · { $months } 个月 · { $method } · 年利率 { $rate }%
calc-result-rate-how = 利率：{ $how }
calc-result-assumption = ⚠ 假设：{ $note }
calc-monthly-equal_instalments = 每月还款：{ $payment }
calc-monthly-equal_principal = 首月还款：{ $payment }（之后逐月递减）
calc-monthly-interest_first = 每月还款（只还利息）：{ $payment }
calc-result-first = 第 1 期：{ $payment }（本金 { $principal } + 利息 { $interest }）
calc-result-last = 最后一期（第 { $n } 期）：{ $payment }
calc-result-interest = 利息合计：{ $interest }
calc-result-total = 还款总额：{ $total }
calc-result-subsidy = { $kind }：你每期仍须按上面的金额向银行足额还款，工会事后分批退还利息共 { $refund }。
calc-result-bears = 扣除退还后，你实际承担的利息：{ $bears }；本金加利息的净成本：{ $net }。
calc-draw-rule = 随借随还按实际用款天数计息：日利率 = 年利率 ÷ 360，借款当天计息、还款当天不计。
calc-draw-day = 全额用 1 天的利息：{ $interest }
calc-draw-month = 全额用 { $days } 天的利息：{ $interest }
calc-draw-term = 全额用满 { $months } 个月（{ $start } 至 { $end }，共 { $days } 天）的利息：{ $interest }
calc-draw-early = 提前归还的部分，从归还当天起不再计息。
calc-csv = 📄 完整还款计划（CSV）
calc-csv-caption = 还款计划：{ $amount } · { $months } 个月 · { $method } · 年利率 { $rate }%（可用 Excel 或 WPS 打开）
calc-again = ✏️ 换个金额/期限
calc-other-method = 🔁 换个还款方式
calc-done = ✔ 完成
calc-bye = 好的。需要时发送 /calc 再算一次，或 /loans 查看适合你的工会贷款。
