## Rest stations: import rejection reasons, amenity and hours labels.
## The importer's caller prints the line number; these say only what is wrong.

import-missing-column = Required column "{ $column }" is missing (required: code, name, lat, lon, hours)
import-missing-code = The station code is missing
import-missing-name = The station name is missing
import-duplicate-code = Station code "{ $code }" is already used on line { $first_line }
import-missing-coordinates = Latitude or longitude is missing
import-bad-coordinates = Invalid coordinates: { $value }
import-swapped-coordinates = Latitude and longitude look swapped: { $value }
import-outside-china = The coordinates are not in China: { $value }
import-missing-crs = The coordinate system is not given (crs column: wgs84, gcj02 or bd09, or import with --crs)
import-bad-crs = Unknown coordinate system "{ $value }" (use wgs84, gcj02 or bd09)
import-missing-hours = Opening hours are missing
import-bad-hours = Opening hours "{ $value }" cannot be read (e.g. 9:00-21:00, 24h, 08:00-12:00,14:00-22:00, 20:00-06:00)
import-unknown-amenity = Unknown amenity: { $value }
import-bad-star = Invalid star level "{ $value }" (1 to 5)
import-bad-date = Invalid date "{ $value }" (e.g. 2025-06-30)
import-bad-flag = Invalid value "{ $value }" in column "{ $column }" (use true/false)
import-bad-json = Not valid JSON: { $detail }
import-not-feature-collection = A GeoJSON file must be a FeatureCollection
import-bad-geometry = The feature has no point geometry (geometry must be a Point)

amenity-water = Drinking water
amenity-microwave = Microwave
amenity-charging = Phone charging
amenity-toilet = Toilet
amenity-rest = Cool place to rest
amenity-ac = Air conditioning
amenity-battery-swap = Battery swap
amenity-first-aid = First-aid kit
amenity-wifi = Free Wi-Fi
amenity-fridge = Free drinks fridge
amenity-rain-gear = Rain gear
amenity-tyre-pump = Tyre pump
amenity-changing-room = Changing room
amenity-legal-aid = Legal aid
amenity-counselling = Counselling
amenity-meals = Discounted meals
amenity-haircut = Haircut
amenity-parking = Parking
amenity-reading = Reading corner
amenity-join-union = Join the union
amenity-job-info = Job information
amenity-child-care = Child care

hours-always-open = Open 24 hours
