"""Names that generated code uses for spec things."""

from __future__ import annotations

import re


def class_name(slug: str) -> str:
    """``alibaba-wan-2-7-image-to-video`` -> ``AlibabaWan27ImageToVideo``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]", slug) if part)


def module_name(slug: str) -> str:
    """``alibaba-wan-2-7-image-to-video`` -> ``alibaba_wan_2_7_image_to_video``."""
    return re.sub(r"[-.]", "_", slug)
