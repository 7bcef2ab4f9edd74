# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python reader of tests/data/hostile-strings (the file says its format):
load() gives every entry as (name, bytes); texts() the ones that AT-SPI can
carry, as str: D-Bus strings are valid UTF-8 without NUL, so invalid UTF-8
and NUL never reach a widget that way (the CLI's test sends those)."""

import os
import re

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'hostile-strings')
_ESCAPE = re.compile(rb'\\(x[0-9a-fA-F]{1,2}|[\\ntr])')
_SIMPLE = {b'\\': b'\\', b'n': b'\n', b't': b'\t', b'r': b'\r'}


def _decode(value):
    def one(match):
        code = match.group(1)
        return bytes([int(code[1:], 16)]) if code[:1] == b'x' else _SIMPLE[code]
    return _ESCAPE.sub(one, value)


def load(path=LIST):
    entries = []
    with open(path, 'rb') as f:
        for line in f.read().split(b'\n'):
            if not line or line.startswith(b'#'):
                continue
            fields = line.split(b'\t')
            value = _decode(fields[1]) if len(fields) > 1 else b''
            if len(fields) > 2:
                value *= int(fields[2])
            entries.append((fields[0].decode(), value))
    return entries


def texts(path=LIST):
    out = []
    for name, value in load(path):
        if b'\0' in value:
            continue
        try:
            out.append((name, value.decode('utf-8')))
        except UnicodeDecodeError:
            continue
    return out
