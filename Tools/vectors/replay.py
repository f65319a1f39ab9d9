#!/usr/bin/env python3
"""Replays Protocol/vectors/*.json with a decoder written from Protocol/SPEC.md alone.

A second, independent implementation of the receiving side: it shares no code with the Swift codec or with
generate.py. Error scopes and codes come from SPEC.md's own table (§13.3); zlib is Python's. Where a vector's
payload is a protobuf message and `protoc` is installed, the payload is also decoded with protoc and compared
with the vector's text form.

    python3 Tools/vectors/replay.py [--dir Protocol/vectors]

Exits 1 if any vector decodes differently from what it expects.
"""

import json
import pathlib
import re
import shutil
import subprocess
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = (ROOT / "Protocol" / "SPEC.md").read_text(encoding="utf-8")

# §13.3: | `id` | scope | answer | §section | ...
TABLE = {m.group(1): (m.group(2), m.group(3), m.group(4))
         for m in re.finditer(r"^\| `([a-z_.]+)` \| (connection|call) \| ([A-Z_]+) \| §([0-9.]+) \|", SPEC, re.M)}

TYPES = ["SETTINGS", "CALL", "MESSAGE", "HEADERS", "END", "CANCEL", "WINDOW", "PING", "GOAWAY", "CLOSE"]
DEFINED_FLAGS = {"SETTINGS": 0, "CALL": 0xF, "MESSAGE": 0x7, "HEADERS": 0, "END": 0x3, "CANCEL": 0, "WINDOW": 0,
                 "PING": 0x1, "GOAWAY": 0, "CLOSE": 0}
SENT_BY = {"CALL": {"client"}, "CANCEL": {"client"}, "CLOSE": {"client"}, "HEADERS": {"server"}, "END": {"server"}}
CONNECTION_FRAMES = {"SETTINGS", "PING", "GOAWAY"}
UNITS = ["ms", "s", "m", "h"]
DEFAULTS = {"max_frame_size": 16384, "max_message_size": 4 * 1024 * 1024, "max_metadata_size": 8192}


class Fail(Exception):
    def __init__(self, identifier, call_id=None):
        super().__init__(identifier)
        self.identifier, self.call_id = identifier, call_id

    def as_json(self):
        scope, code, section = TABLE[self.identifier]
        out = {"id": self.identifier, "scope": scope, "code": code, "section": section}
        if self.call_id is not None:
            out["call_id"] = self.call_id
        return out


class NeedMore(Exception):
    pass


def varint(data, pos):
    """(value, next position); NeedMore if data ends first, Fail as soon as a byte proves it invalid (§4.1)."""
    value = 0
    for i in range(5):
        if pos + i >= len(data):
            raise NeedMore()
        byte = data[pos + i]
        if i == 4 and byte > 0x0F:
            raise Fail("varint.overflow")
        value |= (byte & 0x7F) << (7 * i)
        if byte & 0x80 == 0:
            if i > 0 and byte == 0:
                raise Fail("varint.non_minimal")
            return value, pos + i + 1


class Body:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def varint(self):
        try:
            value, self.pos = varint(self.data, self.pos)
        except NeedMore:
            raise Fail("frame.truncated_body")
        return value

    def take(self, n):
        if self.pos + n > len(self.data):
            raise Fail("frame.truncated_body")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def finish(self):
        if self.pos != len(self.data):
            raise Fail("frame.trailing_bytes")

    def metadata(self):
        start = self.pos
        entries = [(self.take(self.varint()), self.take(self.varint())) for _ in range(self.varint())]
        return entries, self.pos - start


def metadata_json(entries):
    out = []
    for key, value in entries:
        entry = {"key": key.decode("utf-8", "replace"), "value": value.hex()}
        out.append(entry)
    return out


def check_metadata(block, size, limit, call_id):
    if size > limit:
        raise Fail("metadata.too_large", call_id)
    for key, value in block:
        if not (1 <= len(key) <= 255) or re.fullmatch(rb"[0-9a-z_.\-]+", key) is None or key.startswith(b"cd-"):
            raise Fail("metadata.bad_key", call_id)
        if not key.endswith(b"-bin"):
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                raise Fail("metadata.bad_value", call_id)


def decode_frames(vector, data):
    limits = dict(DEFAULTS, **vector.get("limits", {}))
    sender = vector["sender"]
    awaiting = vector.get("awaiting_settings", False)
    highest = 0
    pos = 0
    while pos < len(data):
        first = data[pos]
        kind, flags = first & 0xF, first >> 4
        if kind >= len(TYPES):
            raise Fail("frame.unknown_type")
        name = TYPES[kind]
        if flags & ~DEFINED_FLAGS[name]:
            raise Fail("frame.reserved_flags")
        if sender not in SENT_BY.get(name, {"client", "server"}):
            raise Fail("frame.wrong_direction")
        if name == "MESSAGE" and flags & 0x1 and flags & 0x4:
            raise Fail("frame.bad_flags")
        if awaiting and name != "SETTINGS":
            raise Fail("settings.missing")
        if not awaiting and name == "SETTINGS":
            raise Fail("settings.repeated")
        try:
            call_id, p = varint(data, pos + 1)
        except NeedMore:
            raise Fail("frame.truncated")
        if name in CONNECTION_FRAMES and call_id != 0:
            raise Fail("frame.call_id_not_zero")
        if name not in CONNECTION_FRAMES:
            if call_id == 0:
                raise Fail("frame.call_id_zero")
            if call_id >= 2**31:
                raise Fail("frame.call_id_range")
            if sender == "client":
                if name == "CALL" and call_id <= highest:
                    raise Fail("call.id_not_increasing")
                if name != "CALL" and call_id > highest:
                    raise Fail("call.unknown_id")
            elif call_id > vector.get("highest_call_id", 2**31):
                # A server's frame for a call the receiving client never started (§5.1, §15.2).
                raise Fail("call.unknown_id")
        try:
            length, p = varint(data, p)
        except NeedMore:
            raise Fail("frame.truncated")
        if length > limits["max_frame_size"]:
            raise Fail("frame.too_large")
        if p + length > len(data):
            raise Fail("frame.truncated")
        body = Body(data[p:p + length])
        pos = p + length
        if name == "SETTINGS":
            awaiting = False
        if name == "CALL":
            highest = call_id
        yield decode_body(name, flags, call_id, body, limits)


def decode_body(name, flags, call_id, body, limits):
    if name == "SETTINGS":
        pairs = []
        while body.pos < len(body.data):
            pairs.append((body.varint(), body.varint()))
        seen = set()
        for i, v in pairs:
            if 1 <= i <= 8:
                if i in seen:
                    raise Fail("settings.duplicate")
                seen.add(i)
            if i == 1 and not 1024 <= v <= 2**24 - 1 or i == 5 and not 65536 <= v <= 2**31 - 1:
                raise Fail("settings.bad_value")
        return {"type": name, "settings": [{"id": i, "value": v} for i, v in pairs]}
    if name == "CALL":
        obj = {"type": name, "call_id": call_id, "method": body.varint(), "end_stream": bool(flags & 1)}
        if flags & 0x2:
            raw = body.varint()
            obj["deadline"] = "%d%s" % (raw >> 2, UNITS[raw & 3])
        block = body.metadata() if flags & 0x4 else None
        key = body.take(body.varint()) if flags & 0x8 else None
        body.finish()
        if block is not None:
            check_metadata(block[0], block[1], limits["max_metadata_size"], call_id)
            obj["metadata"] = metadata_json(block[0])
        if key is not None:
            if not 1 <= len(key) <= 64:
                raise Fail("call.bad_idempotency_key", call_id)
            obj["idempotency_key"] = key.hex()
        return obj
    if name == "MESSAGE":
        return {"type": name, "call_id": call_id, "compressed": bool(flags & 2), "more": bool(flags & 4),
                "end_stream": bool(flags & 1), "payload": body.data.hex()}
    if name == "HEADERS":
        entries, size = body.metadata()
        body.finish()
        check_metadata(entries, size, limits["max_metadata_size"], call_id)
        return {"type": name, "call_id": call_id, "metadata": metadata_json(entries)}
    if name == "END":
        obj = {"type": name, "call_id": call_id, "status": body.varint()}
        if flags & 1:
            obj["message"] = body.take(body.varint()).decode("utf-8", "replace")
        block = body.metadata() if flags & 2 else None
        body.finish()
        if block is not None:
            check_metadata(block[0], block[1], limits["max_metadata_size"], call_id)
            obj["trailers"] = metadata_json(block[0])
        return obj
    if name in ("CANCEL", "WINDOW"):
        value = body.varint()
        body.finish()
        if name == "WINDOW" and not 1 <= value <= 2**31 - 1:
            raise Fail("window.bad_increment")
        return {"type": name, "call_id": call_id, ("status" if name == "CANCEL" else "increment"): value}
    if name == "CLOSE":
        body.finish()
        return {"type": name, "call_id": call_id}
    if name == "PING":
        if len(body.data) != 8:
            raise Fail("ping.bad_length")
        return {"type": name, "ack": bool(flags & 1), "data": body.data.hex()}
    last, code = body.varint(), body.varint()
    return {"type": name, "last_call_id": last, "code": code,
            "reason": body.data[body.pos:].decode("utf-8", "replace")}


def inflate(payload, call_id, limit, accept, dictionaries):
    if not accept or not accept.get("compression"):
        raise Fail("message.compression_not_negotiated", call_id)
    used = None
    if len(payload) >= 6 and payload[1] & 0x20 and (payload[0] << 8 | payload[1]) % 31 == 0:
        used = "0x%08X" % int.from_bytes(payload[2:6], "big")
        if used not in accept.get("dictionaries", []):
            raise Fail("message.unknown_dictionary", call_id)
    try:
        d = zlib.decompressobj(15, zdict=dictionaries[used]) if used else zlib.decompressobj(15)
        out = d.decompress(payload, limit)
        if d.unconsumed_tail:
            if d.decompress(d.unconsumed_tail, 1):
                raise Fail("message.too_large", call_id)
        if not d.eof or d.unused_data:
            raise Fail("message.corrupt", call_id)
    except zlib.error:
        raise Fail("message.corrupt", call_id)
    return out, used


def replay_frames(vector, data, dictionaries):
    frames, messages, pending = [], [], {}
    limits = dict(DEFAULTS, **vector.get("limits", {}))
    limit = limits["max_message_size"]
    try:
        for frame in decode_frames(vector, data):
            frames.append(frame)
            if frame["type"] != "MESSAGE":
                continue
            cid = frame["call_id"]
            part = bytes.fromhex(frame["payload"])
            if cid in pending:
                joined, compressed = pending.pop(cid)
                if compressed != frame["compressed"]:
                    raise Fail("message.flag_mismatch", cid)
                part = joined + part
            if len(part) > limit:
                raise Fail("message.too_large", cid)
            if frame["more"]:
                pending[cid] = (part, frame["compressed"])
                continue
            used = None
            if frame["compressed"]:
                part, used = inflate(part, cid, limit, vector.get("accept"), dictionaries)
            message = {"call_id": cid, "data": part.hex(), "compressed": frame["compressed"]}
            if used:
                message["dictionary"] = used
            messages.append(message)
        return {"frames": frames, "messages": messages}
    except Fail as failure:
        return {"frames": frames, "messages": messages, "error": failure.as_json()}


def replay(vector, dictionaries):
    data = bytes.fromhex(vector["input"])
    if vector["decoder"] == "varint":
        try:
            value, end = varint(data, 0)
            return {"value": value}
        except NeedMore:
            return {"need_more": True}
        except Fail as failure:
            return {"error": failure.as_json()}
    if vector["decoder"] == "preface":
        for i, byte in enumerate(data[:4]):
            if byte != b"CDWP"[i]:
                return {"error": Fail("preface.bad_magic").as_json()}
        if len(data) < 6:
            return {"need_more": True}
        low, high = data[4], data[5]
        if low < 1 or low > high:
            return {"error": Fail("preface.bad_version_range").as_json()}
        out = {"preface": {"min_version": low, "max_version": high}}
        if "local_versions" in vector:
            mine = vector["local_versions"]
            version = min(mine[1], high)
            if version < max(mine[0], low):
                out["error"] = Fail("preface.version_mismatch").as_json()
            else:
                out["version"] = version
        return out
    return replay_frames(vector, data, dictionaries)


def comparable(expect):
    """The expectation without the fields that are only for readers."""
    out = json.loads(json.dumps(expect))
    for frame in out.get("frames", []):
        for key in ("metadata", "trailers"):
            for entry in frame.get(key, []):
                entry.pop("text", None)
    for message in out.get("messages", []):
        message.pop("proto", None)
    return out


def check_proto(message):
    proto = message.get("proto")
    protoc = shutil.which("protoc")
    if not proto or not protoc:
        return None
    result = subprocess.run([protoc, "--decode=" + proto["message"], "-I", str(ROOT / "Protocol"),
                             "chaindesk/test/v1/test.proto"], input=bytes.fromhex(message["data"]),
                            capture_output=True)
    decoded = result.stdout.decode("utf-8").strip()
    # protoc prints non-ASCII as octal escapes; compare by decoding both to bytes.
    want = proto["text_format"].encode("utf-8")
    got = decoded.encode("latin-1").decode("unicode_escape").encode("latin-1")
    return None if got == want else "protoc decodes %s as %r, vector says %r" % (proto["message"], decoded, want)


def main():
    directory = pathlib.Path(sys.argv[sys.argv.index("--dir") + 1]) if "--dir" in sys.argv else ROOT / "Protocol" / "vectors"
    passed = failed = protos = 0
    for path in sorted(directory.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        dictionaries = {i: (path.parent / p).read_bytes() for i, p in document.get("dictionaries", {}).items()}
        for vector in document["vectors"]:
            expect = comparable(vector["expect"])
            actual = replay(vector, dictionaries)
            if "messages" not in expect:
                actual.pop("messages", None)
            problems = [] if actual == expect else ["expected %s\n        got      %s" % (json.dumps(expect)[:400],
                                                                                          json.dumps(actual)[:400])]
            for message in vector["expect"].get("messages", []):
                problem = check_proto(message)
                protos += "proto" in message and shutil.which("protoc") is not None
                if problem:
                    problems.append(problem)
            if problems:
                failed += 1
                print("FAIL  %s %s" % (path.name, vector["name"]))
                for problem in problems:
                    print("        " + problem)
            else:
                passed += 1
    note = " (%d protobuf payloads checked with protoc)" % protos if protos else ""
    print("python replay: %d passed, %d failed%s" % (passed, failed, note))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
