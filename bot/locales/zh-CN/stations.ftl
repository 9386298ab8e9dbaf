## Rest stations (驿站): import rejection reasons, amenity and hours labels.
## The importer's caller prints the line number; these say only what is wrong.

import-missing-column = 缺少必填列“{ $column }”（必填：code、name、lat、lon、hours）
import-missing-code = 缺少站点编号（code）
import-missing-name = 缺少站点名称（name）
import-duplicate-code = 站点编号“{ $code }”重复，第 { $first_line } 行已使用
import-missing-coordinates = 缺少经纬度（lat、lon）
import-bad-coordinates = 经纬度无效：{ $value }
import-swapped-coordinates = 经纬度似乎填反了：{ $value }（lat 填纬度，lon 填经度）
import-outside-china = 坐标不在中国境内：{ $value }
import-missing-crs = 未注明坐标系（crs 列填 wgs84、gcj02 或 bd09，或导入时指定 --crs）
import-bad-crs = 无法识别的坐标系“{ $value }”（可用：wgs84、gcj02、bd09）
import-missing-hours = 缺少开放时间（hours）
import-bad-hours = 无法识别的开放时间“{ $value }”（例如：9:00-21:00、24小时、08:00-12:00,14:00-22:00、20:00-06:00）
import-unknown-amenity = 未知的服务设施：{ $value }
import-bad-star = 星级无效“{ $value }”（应为 1 至 5）
import-bad-date = 日期无效“{ $value }”（例如：2025-06-30）
import-bad-flag = “{ $column }”列的值“{ $value }”无效（应为 是/否 或 true/false）
import-bad-json = 不是有效的 JSON：{ $detail }
import-not-feature-collection = GeoJSON 文件应为 FeatureCollection（要素集合）
import-bad-geometry = 要素缺少点坐标（geometry 应为 Point）

amenity-water = 饮水
amenity-microwave = 微波炉热饭
amenity-charging = 手机充电
amenity-toilet = 卫生间
amenity-rest = 休息纳凉
amenity-ac = 空调
amenity-battery-swap = 换电
amenity-first-aid = 急救药箱
amenity-wifi = 免费 Wi-Fi
amenity-fridge = 爱心冰柜
amenity-rain-gear = 雨具
amenity-tyre-pump = 打气筒
amenity-changing-room = 更衣室
amenity-legal-aid = 法律援助
amenity-counselling = 心理咨询
amenity-meals = 爱心餐
amenity-haircut = 理发
amenity-parking = 停车
amenity-reading = 书报阅读
amenity-join-union = 扫码入会
amenity-job-info = 就业信息
amenity-child-care = 爱心托管

hours-always-open = 24 小时开放
