## Loan catalogue: eligibility reasons, rate derivations, catalogue-check problems.
## Amounts and rates arrive already formatted (100,000 / 4.785); rates are percent per year.

## Lists ("A、B或C")

catalog-list-sep = 、
catalog-list-or = { $head }或{ $last }
catalog-list-and = { $head }和{ $last }

## Titles and occupations (profile codes)

catalog-title-labour_model_national = 全国劳动模范
catalog-title-labour_model_provincial = 省级劳动模范
catalog-title-labour_model_city = 市级劳动模范
catalog-title-labour_model_county = 县（区）级劳动模范
catalog-title-craftsman_nanxun = 南浔工匠
catalog-title-craftsman_nantaihu = 南太湖工匠
catalog-title-craftsman_zhejiang = 浙江工匠
catalog-title-craftsman_national = 大国工匠
catalog-title-tech_pacesetter = 技术标兵
catalog-title-chief_technician = 首席技工

catalog-occupation-delivery_rider = 外卖骑手
catalog-occupation-courier = 快递员
catalog-occupation-ride_hailing_driver = 网约车司机
catalog-occupation-truck_driver = 货车司机
catalog-occupation-sanitation_worker = 环卫工人
catalog-occupation-factory_worker = 工厂职工
catalog-occupation-other = 其他职业

catalog-borrower-individual = 个人贷款
catalog-borrower-company = 企业贷款

## Why a member does or does not qualify

catalog-reason-title-needed = 需要以下称号之一：{ $titles }
catalog-reason-title-excluded = 不适用于获得{ $titles }称号的职工
catalog-reason-member-needed = 需要是工会会员
catalog-reason-member-excluded = 不适用于工会会员
catalog-reason-non-member-needed = 仅限非工会会员
catalog-reason-non-member-excluded = 需要是工会会员
catalog-reason-occupation-needed = 仅限以下职业：{ $occupations }
catalog-reason-occupation-excluded = 不适用于以下职业：{ $occupations }
catalog-reason-region-needed = 仅限{ $regions }的职工
catalog-reason-region-excluded = 不适用于{ $regions }的职工
catalog-reason-home-region = 仅限{ $region }工会会员申请
catalog-reason-answer-yes-needed = 需要满足：{ $question }
catalog-reason-answer-yes-excluded = 不适用于：{ $question }
catalog-reason-answer-no-needed = 不适用于：{ $question }
catalog-reason-answer-no-excluded = 需要满足：{ $question }
catalog-reason-answer-choice-needed = { $question }需要为：{ $choices }
catalog-reason-answer-choice-excluded = { $question }不能为：{ $choices }
catalog-reason-answer-at-least-needed = { $question }需要至少{ $min }{ $unit }
catalog-reason-answer-at-least-excluded = { $question }需要少于{ $min }{ $unit }
catalog-reason-answer-at-most-needed = { $question }不能超过{ $max }{ $unit }
catalog-reason-answer-at-most-excluded = { $question }需要超过{ $max }{ $unit }
catalog-reason-answer-between-needed = { $question }需要在{ $min }至{ $max }{ $unit }之间
catalog-reason-answer-between-excluded = { $question }不能在{ $min }至{ $max }{ $unit }之间
catalog-reason-answer-blocks = 申请需要满足：{ $question }
catalog-reason-one-of = 需要满足以下任一条件：{ $options }
catalog-reason-borrower = 本产品为{ $borrower }
catalog-reason-tier = { $tier }：最高可贷{ $max }元
catalog-reason-tier-range = { $tier }：授信额度{ $min }至{ $max }元
catalog-reason-tier-not-reached = { $tier }（最高{ $max }元）：{ $reason }
catalog-reason-term-too-long = 期限{ $months }个月超过了本档最长{ $max }个月

## How the rate is derived

catalog-band-any = 各期限
catalog-band-up-to = { $to }个月以内
catalog-band-range = { $from }至{ $to }个月
catalog-band-over = { $from }个月以上
catalog-lpr-1y = 1年期LPR
catalog-lpr-5y = 5年期以上LPR

catalog-rate-fixed = 固定年利率{ $rate }%
catalog-rate-base-up = { $bank }同档次利率{ $base }%（{ $band }）上浮{ $percent }%：{ $base }% × (1 + { $percent }%) = { $rate }%
catalog-rate-base-down = { $bank }同档次利率{ $base }%（{ $band }）下浮{ $percent }%：{ $base }% × (1 − { $percent }%) = { $rate }%
catalog-rate-benchmark = 人民银行同期限基准利率（{ $band }）{ $rate }%
catalog-rate-benchmark-floor = 最低可按人民银行同期限基准利率（{ $band }）{ $rate }%执行
catalog-rate-benchmark-up = 人民银行基准利率{ $base }%（{ $band }）上浮{ $percent }% = { $rate }%
catalog-rate-benchmark-down = 人民银行基准利率{ $base }%（{ $band }）下浮{ $percent }% = { $rate }%
catalog-rate-lpr-flat = { $tenor }{ $lpr }%（{ $effective }起），即年利率{ $rate }%
catalog-rate-lpr-plus = { $tenor }{ $lpr }%（{ $effective }起）加{ $bp }个基点 = { $rate }%
catalog-rate-lpr-minus = { $tenor }{ $lpr }%（{ $effective }起）减{ $bp }个基点 = { $rate }%
catalog-rate-missing-table = 利率表“{ $table }”不存在，暂无法报价
catalog-rate-missing-tenor = { $effective }起的LPR缺少{ $tenor }，暂无法报价
catalog-rate-none-in-force = { $date }时尚无适用的利率
catalog-rate-missing-band = { $effective }起的利率表没有{ $months }个月期限的档次

## What the member actually bears

catalog-bears-all = 利息由您自行承担，年利率{ $rate }%
catalog-bears-full = 工会全额贴息：您按合同利率{ $rate }%向银行足额还款，工会事后退还全部利息，您实际承担的利息为0
catalog-bears-points = 工会贴息{ $points }个百分点：您按{ $rate }%向银行足额还款，工会退还相当于{ $refunded }%的利息，您实际承担{ $net }%
catalog-bears-share = 工会贴息{ $share }%：您按{ $rate }%向银行足额还款，工会退还{ $share }%的利息，您实际承担{ $net }%

## Catalogue check

catalog-check-ok = { $file }：没有发现问题（{ $programmes }个贷款产品）
catalog-problem-yaml = YAML语法错误：{ $detail }
catalog-problem-duplicate-key = 重复的键“{ $key }”
catalog-problem-empty-file = 文件是空的
catalog-problem-unreadable = 无法读取文件：{ $detail }
catalog-problem-unknown-field = 未知字段“{ $field }”
catalog-problem-missing-field = 缺少必填字段“{ $field }”
catalog-problem-wrong-type = “{ $field }”的类型不对，应为{ $expected }
catalog-problem-not-allowed = “{ $field }”的值“{ $value }”不在允许范围内，可用：{ $allowed }
catalog-problem-unknown-rule = 未知的规则“{ $rule }”，可用：{ $allowed }
catalog-problem-rule-one-key = 每条规则只能有一个键，这里有：{ $found }
catalog-problem-bad-code = “{ $field }”的值“{ $value }”不是有效代码（小写字母开头，只含小写字母、数字和下划线）
catalog-problem-bad-format = “{ $field }”的值“{ $value }”格式不对
catalog-problem-too-small = “{ $field }”不能小于{ $limit }
catalog-problem-too-large = “{ $field }”不能大于{ $limit }
catalog-problem-empty = “{ $field }”不能为空
catalog-problem-invalid = “{ $field }”无效：{ $detail }
catalog-problem-duplicate-id = 重复的编号“{ $id }”（第{ $first_line }行已使用）
catalog-problem-question-is-profile = 问题“{ $id }”已由会员资料提供，不能作为贷款问题再问
catalog-problem-choices-needed = 选择题“{ $id }”至少需要两个选项
catalog-problem-choices-unused = 问题“{ $id }”的类型是{ $kind }，不能有选项
catalog-problem-expect-not-yes-no = 只有是非题才能设置expect（问题“{ $id }”）
catalog-problem-unknown-reference = 未知的{ $what ->
        [bank] 银行
        [region] 地区
        [purpose] 贷款用途
        [question] 问题
        [table] 利率表
        [title] 称号
        [occupation] 职业
        [choice] 选项
       *[other] { $what }
    }“{ $value }”，可用：{ $allowed }
catalog-problem-fixing-order = 利率的生效日期必须逐条递增（{ $effective }）
catalog-problem-open-band-not-last = 不限期限的档次只能放在最后
catalog-problem-band-order = 期限档次必须递增：{ $months }个月不大于上一档的{ $previous }个月
catalog-problem-cap-below-floor = 额度上限{ $max }低于下限{ $min }
catalog-problem-default-term-too-long = 默认期限{ $months }个月超过最长期限{ $max }个月
catalog-problem-share-over-100 = 贴息比例{ $share }%超过100%
catalog-problem-no-table = 利率规则需要“{ $table }”利率表，但文件中没有
catalog-problem-missing-band = 利率表“{ $table }”（{ $effective }起）没有覆盖{ $months }个月的期限档次
catalog-problem-missing-tenor = { $effective }起的LPR缺少{ $tenor }期限
catalog-problem-programme-never-true = 产品“{ $programme }”的条件永远不可能满足
catalog-problem-tier-never-true = 档次“{ $tier }”的条件永远不可能满足
catalog-problem-tier-shadowed = 档次“{ $tier }”永远轮不到：满足它的会员都已符合前面的{ $by }
catalog-problem-condition-type = 问题“{ $question }”是{ $kind }类型，条件写法与之不符
catalog-problem-empty-bound = 问题“{ $question }”的数值条件需要at_least或at_most
catalog-problem-bound-order = 问题“{ $question }”的at_most小于at_least
catalog-problem-assumption-note = 标为假设（assumption）的数字必须附说明（note）

catalog-type-integer = 整数
catalog-type-number = 数字
catalog-type-yes-no = 是/否（true/false）
catalog-type-text = 文本
catalog-type-date = 日期（YYYY-MM-DD）
catalog-type-list = 列表
catalog-type-mapping = 映射（键: 值）
catalog-type-condition = 条件（true/false、选项、选项列表或at_least/at_most）
catalog-type-rule = 规则（只有一个键的映射）
