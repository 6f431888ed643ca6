"""The API's JSON parser (its own module: DRF imports parsers while building ``APIView``, so
this must not import anything that imports DRF's views)."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, where input that cannot be stored is a 400 and never a 500
    (review L1): nesting deep enough to exhaust the recursion limit, and lone surrogates
    (``"\\ud800"``), which Python's json accepts but no UTF-8 database column can hold."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - text holds an unpaired surrogate") from None
        return data
