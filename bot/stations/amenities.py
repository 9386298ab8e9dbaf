"""The fixed amenity vocabulary of rest stations and the parser for registry values.

Registries are typed by hand, so one amenity arrives under many names (饮水, 热水,
饮用水, water ...). Everything is normalised to a short code; the code's position in
`AMENITY_CODES` is its bit in the search index, so codes are only ever appended.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Order is part of the index format (bit i = AMENITY_CODES[i]): append, never reorder.
AMENITY_CODES: tuple[str, ...] = (
    "water",
    "microwave",
    "charging",
    "toilet",
    "rest",
    "ac",
    "battery_swap",
    "first_aid",
    "wifi",
    "fridge",
    "rain_gear",
    "tyre_pump",
    "changing_room",
    "legal_aid",
    "counselling",
    "meals",
    "haircut",
    "parking",
    "reading",
    "join_union",
    "job_info",
    "child_care",
)

AMENITY_BIT: dict[str, int] = {code: 1 << i for i, code in enumerate(AMENITY_CODES)}

# The "what do you need now?" buttons shown to riders, in display order.
# "rest" stands for a seat in a cool room (its label says so), which is what riders ask for.
RIDER_NEEDS: tuple[str, ...] = (
    "water",
    "microwave",
    "charging",
    "toilet",
    "rest",
    "battery_swap",
    "first_aid",
)

# Names seen in registries and reports, already normalised (see _normalise).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "water": ("饮水", "热水", "饮用水", "饮水机", "开水", "喝水", "直饮水", "茶水", "drinkingwater",
              "hotwater"),
    "microwave": ("微波炉", "热饭", "加热", "饭菜加热", "餐食加热", "hotfood"),
    "charging": ("充电", "手机充电", "充电宝", "充电设施", "phonecharging", "charger"),
    "toilet": ("卫生间", "厕所", "洗手间", "公厕", "如厕", "wc", "restroom", "toilets"),
    "rest": ("休息", "歇脚", "休息区", "座椅", "桌椅", "休息室", "纳凉", "seats", "restarea"),
    "ac": ("空调", "冷暖空调", "airconditioning", "aircon"),
    "battery_swap": ("换电", "智慧安全换电", "安全换电", "电池更换", "换电柜", "batteryswap"),
    "first_aid": ("急救", "医药箱", "急救箱", "药箱", "应急药品", "常用药品", "firstaid",
                  "firstaidkit"),
    "wifi": ("无线网络", "免费wifi", "无线网", "wlan", "wi-fi"),
    "fridge": ("冰箱", "爱心冰柜", "冰柜", "冷藏柜", "freezer", "refrigerator"),
    "rain_gear": ("雨具", "雨伞", "雨衣", "raingear", "umbrella"),
    "tyre_pump": ("打气筒", "充气", "打气", "充气泵", "tirepump", "tyrepump", "pump"),
    "changing_room": ("更衣室", "更衣", "changingroom"),
    "legal_aid": ("法律援助", "法律咨询", "法律服务", "legalaid", "legal"),
    "counselling": ("心理咨询", "心理疏导", "心灵驿站", "counseling", "psychologicalcounselling"),
    "meals": ("爱心餐", "优惠餐", "助餐", "用餐", "餐饮", "meal", "discountedmeals"),
    "haircut": ("理发", "义剪", "hairdressing"),
    "parking": ("停车", "停车位", "车位"),
    "reading": ("阅读", "书报", "图书", "书架", "阅读角", "books"),
    "join_union": ("扫码入会", "入会", "工会入会", "joinunion"),
    "job_info": ("就业信息", "招聘信息", "岗位信息", "就业服务", "jobs", "jobservices"),
    "child_care": ("托管", "爱心托管", "儿童托管", "暑托班", "childcare"),
}

# Separators between amenities in one registry cell: ; 、 | and commas, full- or half-width.
_LIST_SPLIT = re.compile(r"[;；、|，,/]+")


def _normalise(value: str) -> str:
    # NFKC folds full-width letters typed with a Chinese IME; spaces, "_" and "-" vary by hand.
    folded = unicodedata.normalize("NFKC", value).strip().lower()
    return re.sub(r"[\s_\-]+", "", folded)


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code in AMENITY_CODES:
        lookup[_normalise(code)] = code
        for name in _SYNONYMS.get(code, ()):
            key = _normalise(name)
            if key in lookup and lookup[key] != code:
                raise AssertionError(f"amenity synonym {name!r} maps to two codes")
            lookup[key] = code
    return lookup


_LOOKUP: dict[str, str] = _build_lookup()


class AmenityError(ValueError):
    """One or more registry values are not in the vocabulary."""

    key = "import-unknown-amenity"

    def __init__(self, unknown: tuple[str, ...]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown

    @property
    def args_for_message(self) -> dict[str, str]:
        return {"value": "、".join(self.unknown)}


def parse_amenity(value: str) -> str:
    """Return the code for one registry value (code, Chinese name or synonym)."""
    code = _LOOKUP.get(_normalise(value))
    if code is None:
        raise AmenityError((value.strip(),))
    return code


def parse_amenities(cell: str) -> frozenset[str]:
    """Parse a registry cell such as "饮水、微波炉；充电"; every unknown name is reported."""
    codes: set[str] = set()
    unknown: list[str] = []
    for part in _LIST_SPLIT.split(cell):
        if not part.strip():
            continue
        code = _LOOKUP.get(_normalise(part))
        if code is None:
            unknown.append(part.strip())
        else:
            codes.add(code)
    if unknown:
        raise AmenityError(tuple(unknown))
    return frozenset(codes)


def amenity_mask(codes: Iterable[str]) -> int:
    """Bitmask of codes; an unknown code is a programming error, hence KeyError."""
    mask = 0
    for code in codes:
        mask |= AMENITY_BIT[code]
    return mask


def label_key(code: str) -> str:
    """Fluent message id of an amenity's label, e.g. battery_swap -> amenity-battery-swap."""
    if code not in AMENITY_BIT:
        raise KeyError(code)
    return "amenity-" + code.replace("_", "-")
