#!/usr/bin/env python3
"""Writes the golden vectors of Protocol/vectors/ from the rules of Protocol/SPEC.md.

This is an encoder written from the spec alone, independent of the Swift codec: the Swift tests replay
what it writes, so the two implementations check each other. Compressed payloads come from Python's
zlib. Re-run it only on purpose (a spec change); the output is committed and reviewed as data.

    python3 Tools/vectors/generate.py            # rewrite Protocol/vectors/*.json
    python3 Tools/vectors/generate.py --check    # fail if the committed files differ from a fresh run
"""

import json
import pathlib
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "Protocol" / "vectors"
DICTIONARY = (ROOT / "Protocol" / "dictionaries" / "test-v1.dict").read_bytes()
DICTIONARY_ID = "0x%08X" % zlib.adler32(DICTIONARY)

SETTINGS, CALL, MESSAGE, HEADERS, END, CANCEL, WINDOW, PING, GOAWAY, CLOSE = range(10)
TYPE_NAMES = ["SETTINGS", "CALL", "MESSAGE", "HEADERS", "END", "CANCEL", "WINDOW", "PING", "GOAWAY", "CLOSE"]
END_STREAM, DEADLINE, METADATA, IDEMPOTENCY = 0x1, 0x2, 0x4, 0x8
COMPRESSED, MORE = 0x2, 0x4
STATUS_MESSAGE, TRAILERS = 0x1, 0x2
ACK = 0x1
UNITS = ["ms", "s", "m", "h"]  # deadline units, by the two low bits (SPEC.md §5.2)

CONNECTION_CODES = {
    "NO_ERROR": 0, "PROTOCOL_ERROR": 1, "INTERNAL_ERROR": 2, "FLOW_CONTROL_ERROR": 3, "FRAME_SIZE_ERROR": 4,
    "VERSION_MISMATCH": 5, "ENHANCE_YOUR_CALM": 6, "IDLE_TIMEOUT": 7, "HANDSHAKE_TIMEOUT": 8,
}

# Every error kind: scope, the code that answers it, the section that states the rule (SPEC.md §13).
ERRORS = {
    "preface.bad_magic": ("connection", "PROTOCOL_ERROR", "3.1"),
    "preface.bad_version_range": ("connection", "PROTOCOL_ERROR", "3.1"),
    "preface.version_mismatch": ("connection", "VERSION_MISMATCH", "3.2"),
    "settings.missing": ("connection", "PROTOCOL_ERROR", "3.3"),
    "settings.repeated": ("connection", "PROTOCOL_ERROR", "3.3"),
    "settings.duplicate": ("connection", "PROTOCOL_ERROR", "3.3"),
    "settings.bad_value": ("connection", "PROTOCOL_ERROR", "3.3"),
    "varint.non_minimal": ("connection", "PROTOCOL_ERROR", "4.1"),
    "varint.overflow": ("connection", "PROTOCOL_ERROR", "4.1"),
    "frame.too_large": ("connection", "FRAME_SIZE_ERROR", "4.2"),
    "frame.truncated_body": ("connection", "PROTOCOL_ERROR", "4.2"),
    "frame.trailing_bytes": ("connection", "PROTOCOL_ERROR", "4.2"),
    "frame.truncated": ("connection", "PROTOCOL_ERROR", "4.2"),
    "frame.unknown_type": ("connection", "PROTOCOL_ERROR", "4.3"),
    "frame.reserved_flags": ("connection", "PROTOCOL_ERROR", "4.3"),
    "frame.wrong_direction": ("connection", "PROTOCOL_ERROR", "4.3"),
    "frame.call_id_zero": ("connection", "PROTOCOL_ERROR", "5.1"),
    "frame.call_id_not_zero": ("connection", "PROTOCOL_ERROR", "5.1"),
    "frame.call_id_range": ("connection", "PROTOCOL_ERROR", "5.1"),
    "call.id_not_increasing": ("connection", "PROTOCOL_ERROR", "5.1"),
    "call.unknown_id": ("connection", "PROTOCOL_ERROR", "5.1"),
    "call.bad_idempotency_key": ("call", "INTERNAL", "5.2"),
    "metadata.bad_key": ("call", "INTERNAL", "5.3"),
    "metadata.bad_value": ("call", "INTERNAL", "5.3"),
    "metadata.too_large": ("call", "RESOURCE_EXHAUSTED", "5.3"),
    "frame.bad_flags": ("connection", "PROTOCOL_ERROR", "6.2"),
    "message.flag_mismatch": ("call", "INTERNAL", "6.2"),
    "message.too_large": ("call", "RESOURCE_EXHAUSTED", "6.3"),
    "message.corrupt": ("call", "INTERNAL", "7.1"),
    "message.compression_not_negotiated": ("call", "UNIMPLEMENTED", "7.2"),
    "message.unknown_dictionary": ("call", "UNIMPLEMENTED", "7.3"),
    "ping.bad_length": ("connection", "FRAME_SIZE_ERROR", "9.1"),
    "window.bad_increment": ("connection", "PROTOCOL_ERROR", "10"),
}


# --- encoding, straight from SPEC.md §4 ---------------------------------------------------------------

def varint(value):
    assert 0 <= value < 2**32
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def frame(kind, flags, call_id, body, length=None):
    return bytes([flags << 4 | kind]) + varint(call_id) + varint(len(body) if length is None else length) + body


def lp(data):
    return varint(len(data)) + data


def metadata_block(entries):
    return varint(len(entries)) + b"".join(lp(k.encode()) + lp(v) for k, v in entries)


def metadata_json(entries):
    out = []
    for key, value in entries:
        entry = {"key": key, "value": value.hex()}
        if not key.endswith("-bin"):
            try:
                entry["text"] = value.decode("utf-8")
            except UnicodeDecodeError:
                pass
        out.append(entry)
    return out


class F:
    """One frame: its bytes and its JSON form."""

    def __init__(self, data, obj):
        self.data, self.obj = data, obj


def settings(entries):
    body = b"".join(varint(i) + varint(v) for i, v in entries)
    return F(frame(SETTINGS, 0, 0, body), {"type": "SETTINGS", "settings": [{"id": i, "value": v} for i, v in entries]})


def call(call_id, method, deadline=None, metadata=None, key=None, end_stream=False):
    flags = END_STREAM if end_stream else 0
    body = varint(method)
    obj = {"type": "CALL", "call_id": call_id, "method": method, "end_stream": end_stream}
    if deadline is not None:
        flags |= DEADLINE
        amount, unit = deadline
        body += varint(amount << 2 | UNITS.index(unit))
        obj["deadline"] = "%d%s" % (amount, unit)
    if metadata is not None:
        flags |= METADATA
        body += metadata_block(metadata)
        obj["metadata"] = metadata_json(metadata)
    if key is not None:
        flags |= IDEMPOTENCY
        body += lp(key)
        obj["idempotency_key"] = key.hex()
    return F(frame(CALL, flags, call_id, body), obj)


def message(call_id, payload, compressed=False, more=False, end_stream=False):
    flags = (END_STREAM if end_stream else 0) | (COMPRESSED if compressed else 0) | (MORE if more else 0)
    obj = {"type": "MESSAGE", "call_id": call_id, "compressed": compressed, "more": more, "end_stream": end_stream,
           "payload": payload.hex()}
    return F(frame(MESSAGE, flags, call_id, payload), obj)


def headers(call_id, entries):
    return F(frame(HEADERS, 0, call_id, metadata_block(entries)),
             {"type": "HEADERS", "call_id": call_id, "metadata": metadata_json(entries)})


def end(call_id, status, text=None, trailers=None):
    flags, body = 0, varint(status)
    obj = {"type": "END", "call_id": call_id, "status": status}
    if text is not None:
        flags |= STATUS_MESSAGE
        body += lp(text.encode())
        obj["message"] = text
    if trailers is not None:
        flags |= TRAILERS
        body += metadata_block(trailers)
        obj["trailers"] = metadata_json(trailers)
    return F(frame(END, flags, call_id, body), obj)


def cancel(call_id, status):
    return F(frame(CANCEL, 0, call_id, varint(status)), {"type": "CANCEL", "call_id": call_id, "status": status})


def close(call_id):
    return F(frame(CLOSE, 0, call_id, b""), {"type": "CLOSE", "call_id": call_id})


def window(call_id, increment):
    return F(frame(WINDOW, 0, call_id, varint(increment)),
             {"type": "WINDOW", "call_id": call_id, "increment": increment})


def ping(data, ack=False):
    return F(frame(PING, ACK if ack else 0, 0, data), {"type": "PING", "ack": ack, "data": data.hex()})


def goaway(last, code, reason):
    body = varint(last) + varint(code) + reason.encode()
    return F(frame(GOAWAY, 0, 0, body), {"type": "GOAWAY", "last_call_id": last, "code": code, "reason": reason})


def deflate(data, dictionary=None, level=9):
    compressor = zlib.compressobj(level, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY,
                                  **({"zdict": dictionary} if dictionary else {}))
    return compressor.compress(data) + compressor.flush()


def proto_string(field, text):
    data = text.encode()
    return bytes([field << 3 | 2]) + varint(len(data)) + data


# --- vector records -----------------------------------------------------------------------------------

def error(identifier, call_id=None):
    scope, code, section = ERRORS[identifier]
    out = {"id": identifier, "scope": scope, "code": code, "section": section}
    if call_id is not None:
        out["call_id"] = call_id
    return out


def call_ids_in(data):
    """The call ids of the call frames in `data`, read from their headers as far as the bytes go (SPEC.md §4.2)."""
    ids, pos = [], 0
    while pos < len(data):
        kind = data[pos] & 0xF
        try:
            call_id, after = read_varint(data, pos + 1)
            length, after = read_varint(data, after)
        except (IndexError, ValueError):
            break
        if kind in (CALL, MESSAGE, HEADERS, END, CANCEL, WINDOW, CLOSE):
            ids.append(call_id)
        pos = after + length
    return ids


def read_varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 28:
            raise ValueError("varint too long")


def frames_vector(name, section, description, sender, parts, *, error_id=None, error_call=None, raw_tail=b"",
                  messages=None, awaiting_settings=False, limits=None, accept=None, highest_call_id=None):
    vector = {
        "name": name, "section": section, "description": description, "decoder": "frames", "sender": sender,
        "awaiting_settings": awaiting_settings,
    }
    if sender == "server":
        # A server answers calls; the client receiving these frames has started every call they name (§15.2).
        if highest_call_id is None:
            named = call_ids_in(b"".join(p.data for p in parts) + raw_tail)
            highest_call_id = max([c for c in named if c < 2**31] + [0])
        vector["highest_call_id"] = highest_call_id
    if limits:
        vector["limits"] = limits
    if accept:
        vector["accept"] = accept
    vector["input"] = (b"".join(p.data for p in parts) + raw_tail).hex()
    expect = {"frames": [p.obj for p in parts]}
    if messages is not None:
        expect["messages"] = messages
    if error_id:
        expect["error"] = error(error_id, error_call)
    vector["expect"] = expect
    return vector


def msg(call_id, data, compressed=False, dictionary=None, proto=None):
    out = {"call_id": call_id, "data": data.hex(), "compressed": compressed}
    if dictionary:
        out["dictionary"] = dictionary
    if proto:
        out["proto"] = proto
    return out


def raw(data):
    """A frame that the decoder rejects: bytes only, no JSON form."""
    return data


ZLIB = {"compression": True, "dictionaries": []}
ZLIB_DICT = {"compression": True, "dictionaries": [DICTIONARY_ID]}


def varint_vectors():
    out = []
    for value in [0, 1, 127, 128, 300, 16383, 16384, 2**21 - 1, 2**21, 2**28 - 1, 2**28, 2**31 - 1, 2**32 - 1]:
        out.append({"name": "varint-%d" % value, "section": "4.1",
                    "description": "%d encodes in %d byte(s)" % (value, len(varint(value))),
                    "decoder": "varint", "input": varint(value).hex(), "expect": {"value": value}})
    out.append({"name": "varint-incomplete", "section": "4.1",
                "description": "two continuation bytes and then nothing: the decoder waits for more input",
                "decoder": "varint", "input": "8080", "expect": {"need_more": True}})
    for name, data, identifier, description in [
        ("varint-zero-in-two-bytes", "8000", "varint.non_minimal", "0 padded to two bytes"),
        ("varint-one-in-two-bytes", "8100", "varint.non_minimal", "1 padded to two bytes"),
        ("varint-127-in-three-bytes", "ff8000", "varint.non_minimal", "127 padded to three bytes"),
        ("varint-zero-in-five-bytes", "8080808000", "varint.non_minimal", "0 padded to five bytes"),
        ("varint-fifth-byte-0x10", "ffffffff10", "varint.overflow", "the fifth byte carries bit 32"),
        ("varint-fifth-byte-continues", "ffffffff8f01", "varint.overflow", "the fifth byte has its continuation bit set"),
        ("varint-five-continuations", "8080808080", "varint.overflow", "five bytes all with the continuation bit"),
    ]:
        out.append({"name": name, "section": "4.1", "description": description, "decoder": "varint",
                    "input": data, "expect": {"error": error(identifier)}})
    return out


def preface_vectors():
    def v(name, description, data, expect, local=None, section="3.1"):
        out = {"name": name, "section": section, "description": description, "decoder": "preface"}
        if local:
            out["local_versions"] = local
        out["input"] = data.hex()
        out["expect"] = expect
        return out

    return [
        v("preface-v1", "a version-1 endpoint's preface", b"CDWP\x01\x01",
          {"preface": {"min_version": 1, "max_version": 1}, "version": 1}, [1, 1]),
        v("preface-newer-peer", "a peer speaking 1 to 3 meets an endpoint speaking 1: they use 1", b"CDWP\x01\x03",
          {"preface": {"min_version": 1, "max_version": 3}, "version": 1}, [1, 1], "3.2"),
        v("preface-highest-common", "ranges 2–5 and 1–3 share 2–3: they use 3", b"CDWP\x02\x05",
          {"preface": {"min_version": 2, "max_version": 5}, "version": 3}, [1, 3], "3.2"),
        v("preface-incomplete", "three correct bytes so far: the decoder waits", b"CDW", {"need_more": True}),
        v("preface-http-request", "an HTTP request is refused on its first byte", b"GET / HTTP/1.1\r\n",
          {"error": error("preface.bad_magic")}),
        v("preface-tls-hello", "a TLS ClientHello sent to a plain-TCP port is refused on its first byte",
          bytes.fromhex("160301020001"), {"error": error("preface.bad_magic")}),
        v("preface-wrong-third-byte", "the third byte is wrong; refused before the rest arrives", b"CDX",
          {"error": error("preface.bad_magic")}),
        v("preface-version-zero", "version 0 does not exist", b"CDWP\x00\x01",
          {"error": error("preface.bad_version_range")}),
        v("preface-range-reversed", "lowest version above the highest", b"CDWP\x03\x02",
          {"error": error("preface.bad_version_range")}),
        v("preface-no-common-version", "a peer speaking only version 2 meets an endpoint speaking only 1",
          b"CDWP\x02\x02", {"preface": {"min_version": 2, "max_version": 2}, "error": error("preface.version_mismatch")},
          [1, 1], "3.2"),
    ]


def valid_frame_vectors():
    out = []
    add = out.append
    hello = b"\xe4\xbd\xa0\xe5\xa5\xbd"  # "你好"
    add(frames_vector("settings-empty", "3.3", "SETTINGS with no entries: every default applies", "server",
                      [settings([])], awaiting_settings=True))
    add(frames_vector("settings-server-typical", "3.3",
                      "a server accepting zlib and the test dictionary, 256 concurrent calls", "server",
                      [settings([(4, 256), (8, 1), (9, int(DICTIONARY_ID, 16))])], awaiting_settings=True))
    add(frames_vector("settings-unknown-id", "3.3", "setting 200 is unknown and ignored; it is still decoded",
                      "client", [settings([(200, 7), (1, 65536)])], awaiting_settings=True))
    add(frames_vector("settings-extreme-values", "3.3",
                      "largest MAX_FRAME_SIZE and INITIAL_WINDOW, a five-byte MAX_MESSAGE_SIZE", "client",
                      [settings([(1, 2**24 - 1), (5, 2**31 - 1), (2, 2**32 - 1)])], awaiting_settings=True))
    add(frames_vector("settings-two-dictionaries", "7.3", "DICTIONARY may repeat: one entry per accepted id",
                      "client", [settings([(8, 1), (9, 0x11111111), (9, int(DICTIONARY_ID, 16))])],
                      awaiting_settings=True))
    add(frames_vector("call-minimal", "5.2", "CALL on call 1 to method 1 with nothing else: 4 bytes", "client",
                      [call(1, 1)]))
    add(frames_vector("call-deadline", "5.2", "method 300 (two-byte varint) with a 5 s deadline (one byte: 5 << 2 | 1)",
                      "client", [call(1, 300, deadline=(5, "s"))]))
    add(frames_vector("call-deadline-milliseconds", "5.2", "a 1500 ms deadline: 1500 << 2 | 0, two bytes", "client",
                      [call(1, 2, deadline=(1500, "ms"))]))
    add(frames_vector("call-deadline-every-unit", "8.5", "deadlines of 250 ms, 30 s, 2 min and 1 h", "client",
                      [call(1, 2, deadline=(250, "ms")), call(2, 2, deadline=(30, "s")), call(3, 2, deadline=(2, "m")),
                       call(4, 2, deadline=(1, "h"))]))
    add(frames_vector("call-deadline-not-shortest", "5.2",
                      "5 s written as 5000 ms is allowed; the shortest form is only recommended", "client",
                      [call(1, 2, deadline=(5000, "ms"))]))
    add(frames_vector("call-deadline-zero", "8.5", "a deadline of 0: already passed on arrival", "client",
                      [call(1, 2, deadline=(0, "ms"))]))
    add(frames_vector("call-metadata", "5.3", "call metadata with a text value and a binary one", "client",
                      [call(1, 20, metadata=[("authorization", b"Bearer 7f3a"), ("trace-bin", b"\x00\x01\xfe\xff")])]))
    add(frames_vector("call-metadata-repeated-key", "5.3", "a key may repeat; order is kept", "client",
                      [call(1, 20, metadata=[("tag", b"\xe6\x99\xba\xe8\x83\xbd"), ("tag", b"precision")])]))
    add(frames_vector("call-metadata-empty-block", "5.3", "METADATA flag set with zero entries is allowed",
                      "client", [call(1, 20, metadata=[])]))
    add(frames_vector("call-idempotency-key", "12", "a 16-byte idempotency key", "client",
                      [call(1, 40, key=bytes(range(16)))]))
    add(frames_vector("call-all-fields", "5.2",
                      "deadline, metadata, idempotency key and END_STREAM together, in that order", "client",
                      [call(3, 41, deadline=(30, "s"), metadata=[("device", b"field-07")], key=b"k-2026-11-29-001",
                            end_stream=True)]))
    add(frames_vector("call-end-stream", "5.4", "a call that sends no request message", "client",
                      [call(1, 2, end_stream=True)]))
    add(frames_vector("call-largest-values", "5.2", "method id 2^32 − 1 and the longest deadline, 2^30 − 1 hours (five-byte varints)",
                      "client", [call(1, 2**32 - 1, deadline=(2**30 - 1, "h"))]))
    add(frames_vector("call-id-largest", "5.1", "call id 2^31 − 1 is the last a connection can use", "client",
                      [call(2**31 - 1, 1)]))
    add(frames_vector("call-ids-with-gaps", "5.1", "call ids must increase; they need not be consecutive", "client",
                      [call(1, 1), call(5, 1), call(6, 1)]))
    add(frames_vector("frames-on-earlier-call", "5.1",
                      "frames may name any call id already opened, open or not (late frames are discarded above the codec)",
                      "client", [call(1, 1), call(3, 1), message(1, b"late", end_stream=True), cancel(3, 1)]))
    add(frames_vector("message-empty", "6.1", "an empty message that also ends the client's side", "client",
                      [call(1, 1), message(1, b"", end_stream=True)], messages=[msg(1, b"")]))
    add(frames_vector("message-length-127", "4.2", "a 127-byte body: one-byte length", "client",
                      [call(1, 1), message(1, b"a" * 127)], messages=[msg(1, b"a" * 127)]))
    add(frames_vector("message-length-128", "4.2", "a 128-byte body: two-byte length", "client",
                      [call(1, 1), message(1, b"b" * 128)], messages=[msg(1, b"b" * 128)]))
    add(frames_vector("message-at-frame-limit", "4.2", "a body of exactly the maximum frame size is allowed",
                      "client", [call(1, 1), message(1, b"c" * 1024)], messages=[msg(1, b"c" * 1024)],
                      limits={"max_frame_size": 1024}))
    add(frames_vector("message-fragmented", "6.2", "one message in three fragments; MORE on all but the last",
                      "client", [call(1, 1), message(1, b"frag-1/", more=True), message(1, b"frag-2/", more=True),
                                 message(1, b"frag-3", end_stream=True)],
                      messages=[msg(1, b"frag-1/frag-2/frag-3")]))
    echo = proto_string(1, "你好，青白江")
    add(frames_vector("unary-request", "A.2", "a whole unary request in one buffer: CALL, then MESSAGE with END_STREAM",
                      "client", [call(1, 1, deadline=(5, "s")), message(1, echo, end_stream=True)],
                      messages=[msg(1, echo, proto={"message": "chaindesk.test.v1.EchoRequest",
                                                    "text_format": 'text: "你好，青白江"'})]))
    add(frames_vector("unary-response-ok", "A.2",
                      "a unary response: one MESSAGE with END_STREAM, which from a server means status OK",
                      "server", [message(1, echo, end_stream=True)],
                      messages=[msg(1, echo, proto={"message": "chaindesk.test.v1.EchoResponse",
                                                    "text_format": 'text: "你好，青白江"'})]))
    add(frames_vector("unary-response-full", "8.2", "HEADERS, a MESSAGE, then END with a message and trailers",
                      "server", [headers(1, [("server", b"chaindesk")]), message(1, hello),
                                 end(1, 0, "done", [("elapsed-ms", b"3")])], messages=[msg(1, hello)]))
    add(frames_vector("server-streaming", "5.4", "HEADERS, three MESSAGEs and END OK", "server",
                      [headers(2, [("stream", b"3")]), message(2, b"one"), message(2, b"two"), message(2, b"three"),
                       end(2, 0)], messages=[msg(2, b"one"), msg(2, b"two"), msg(2, b"three")]))
    add(frames_vector("client-streaming-close", "5.5",
                      "three MESSAGEs, then CLOSE: the client ends its side after its last message was sent", "client",
                      [call(8, 3), message(8, b"\x08\x01"), message(8, b"\x08\x02"), message(8, b"\x08\x03"), close(8)],
                      messages=[msg(8, b"\x08\x01"), msg(8, b"\x08\x02"), msg(8, b"\x08\x03")]))
    add(frames_vector("client-streaming", "5.4", "CALL and three MESSAGEs, the last with END_STREAM", "client",
                      [call(7, 3), message(7, b"\x08\x01"), message(7, b"\x08\x02"), message(7, b"\x08\x03", end_stream=True)],
                      messages=[msg(7, b"\x08\x01"), msg(7, b"\x08\x02"), msg(7, b"\x08\x03")]))
    add(frames_vector("end-every-status", "8.3", "END frames carrying each of the seventeen status codes",
                      "server", [end(i + 1, i) for i in range(17)]))
    add(frames_vector("end-unknown-status", "8.3", "status 99 is carried as is; a receiver treats it as UNKNOWN",
                      "server", [end(1, 99)]))
    add(frames_vector("end-utf8-message", "8.2", "a status message in Chinese", "server",
                      [end(9, 5, "企业不存在：统一社会信用代码 91441900MA4UJ8XL1F")]))
    add(frames_vector("cancel", "8.4", "the client cancels call 1", "client", [call(1, 1), cancel(1, 1)]))
    add(frames_vector("cancel-deadline", "8.5", "the client gives up on call 1 because its deadline passed",
                      "client", [call(1, 1, deadline=(100, "ms")), cancel(1, 4)]))
    add(frames_vector("window", "10", "the client grants 64 KiB more on call 1", "client",
                      [call(1, 4), window(1, 65536)]))
    add(frames_vector("window-largest", "10", "the largest increment, 2^31 − 1", "server", [window(1, 2**31 - 1)]))
    add(frames_vector("ping", "9.1", "a PING with eight opaque bytes", "client", [ping(bytes.fromhex("0102030405060708"))]))
    add(frames_vector("ping-ack", "9.1", "the answer to a PING echoes its bytes with ACK", "server",
                      [ping(bytes.fromhex("0102030405060708"), ack=True)]))
    add(frames_vector("goaway-draining", "9.2", "graceful shutdown: calls up to 7 finish, later ones may be retried",
                      "server", [goaway(7, 0, "draining")]))
    add(frames_vector("goaway-protocol-error", "9.2", "GOAWAY after a protocol error, naming the rule broken",
                      "server", [goaway(3, 1, "varint.non_minimal: call id")]))
    add(frames_vector("goaway-empty-reason", "9.2", "the reason may be empty", "client", [goaway(0, 0, "")]))
    add(frames_vector("connection-start", "A.1",
                      "the first bytes after a client's preface: SETTINGS, a unary call and a PING in one buffer",
                      "client", [settings([(8, 1), (9, int(DICTIONARY_ID, 16))]), call(1, 1, deadline=(5, "s")),
                                 message(1, echo, end_stream=True), ping(b"\x00" * 8)],
                      messages=[msg(1, echo)], awaiting_settings=True))
    return out


def compression_vectors():
    out = []
    add = out.append
    text = ("东莞世界莞商会组织了近20家企业到欧洲产业城考察，涉及智能制造、金融供应链、精密制造等领域。" * 4).encode()
    plain = deflate(text)
    add(frames_vector("compressed-zlib", "7.1", "a zlib-compressed message (Python zlib, level 9, no dictionary)",
                      "client", [call(1, 1), message(1, plain, compressed=True, end_stream=True)],
                      messages=[msg(1, text, compressed=True)], accept=ZLIB))
    record = ("enterprise 东莞市豪顺精密科技有限公司 short_name 东莞豪顺 stage 投产 contact 罗朝龙 "
              "interaction wechat summary 发送蓉欧智能制造产业园资料 next_step 走访 due_date 2026-12-01").encode()
    with_dict = deflate(record, DICTIONARY)
    add(frames_vector("compressed-dictionary", "7.3",
                      "compressed with the test-v1 preset dictionary; its DICTID is in the zlib header",
                      "server", [message(1, with_dict, compressed=True, end_stream=True)],
                      messages=[msg(1, record, compressed=True, dictionary=DICTIONARY_ID)], accept=ZLIB_DICT))
    half = len(plain) // 2
    add(frames_vector("compressed-fragmented", "6.2",
                      "a compressed message split in two fragments; both carry COMPRESSED", "client",
                      [call(1, 1), message(1, plain[:half], compressed=True, more=True),
                       message(1, plain[half:], compressed=True)],
                      messages=[msg(1, text, compressed=True)], accept=ZLIB))
    zeros = deflate(b"\x00" * 4096)
    add(frames_vector("compressed-at-message-limit", "6.3", "4096 zeros inflate to exactly the 4096-byte limit",
                      "server", [message(1, zeros, compressed=True)], messages=[msg(1, b"\x00" * 4096, compressed=True)],
                      accept=ZLIB, limits={"max_message_size": 4096}))

    # Invalid messages: call errors, the connection carries on.
    add(frames_vector("compressed-not-negotiated", "7.2",
                      "a compressed message to an endpoint that did not accept compression", "client",
                      [call(1, 1), message(1, plain, compressed=True)], messages=[],
                      error_id="message.compression_not_negotiated", error_call=1))
    add(frames_vector("compressed-unknown-dictionary", "7.3",
                      "compressed with a dictionary the receiver did not accept", "server",
                      [message(1, with_dict, compressed=True)], messages=[],
                      error_id="message.unknown_dictionary", error_call=1, accept=ZLIB))
    add(frames_vector("compressed-bad-header", "7.1", "COMPRESSED set, but the bytes are not a zlib stream",
                      "client", [call(1, 1), message(1, b"not zlib at all", compressed=True)], messages=[],
                      error_id="message.corrupt", error_call=1, accept=ZLIB))
    bad_checksum = plain[:-1] + bytes([plain[-1] ^ 0xFF])
    add(frames_vector("compressed-bad-checksum", "7.1", "the Adler-32 trailer does not match", "client",
                      [call(1, 1), message(1, bad_checksum, compressed=True)], messages=[],
                      error_id="message.corrupt", error_call=1, accept=ZLIB))
    add(frames_vector("compressed-truncated", "7.1", "the zlib stream stops before its end", "client",
                      [call(1, 1), message(1, plain[:-6], compressed=True)], messages=[],
                      error_id="message.corrupt", error_call=1, accept=ZLIB))
    add(frames_vector("compressed-trailing-bytes", "7.1", "bytes follow the end of the zlib stream", "client",
                      [call(1, 1), message(1, plain + b"\x00", compressed=True)], messages=[],
                      error_id="message.corrupt", error_call=1, accept=ZLIB))
    bomb = deflate(b"\x00" * (1 << 20))
    add(frames_vector("compressed-bomb", "6.3",
                      "%d bytes that inflate to 1 MiB, against a 64 KiB limit: refused at the limit" % len(bomb),
                      "client", [call(1, 1), message(1, bomb, compressed=True)], messages=[],
                      error_id="message.too_large", error_call=1, accept=ZLIB, limits={"max_message_size": 65536}))
    add(frames_vector("message-too-large", "6.3", "a 1025-byte message against a 1024-byte limit", "client",
                      [call(1, 1), message(1, b"x" * 1025)], messages=[], error_id="message.too_large",
                      error_call=1, limits={"max_message_size": 1024}))
    add(frames_vector("message-too-large-fragments", "6.3", "fragments that together pass the limit", "client",
                      [call(1, 1), message(1, b"x" * 600, more=True), message(1, b"x" * 600)], messages=[],
                      error_id="message.too_large", error_call=1, limits={"max_message_size": 1024}))
    add(frames_vector("message-fragment-flag-mismatch", "6.2",
                      "the second fragment drops the COMPRESSED flag of the first", "client",
                      [call(1, 1), message(1, plain[:half], compressed=True, more=True), message(1, plain[half:])],
                      messages=[], error_id="message.flag_mismatch", error_call=1, accept=ZLIB))
    return out


def invalid_frame_vectors():
    out = []

    def bad(name, section_unused, description, sender, parts, tail, identifier, call_id=None, **kw):
        out.append(frames_vector(name, ERRORS[identifier][2], description, sender, parts, raw_tail=tail,
                                 error_id=identifier, error_call=call_id, **kw))

    bad("unknown-type-10", "", "frame type 0xA is not defined", "server", [], bytes([0x0A, 0, 0]), "frame.unknown_type")
    bad("unknown-type-15", "", "frame type 0xF is not defined; refused on the first byte", "client", [], bytes([0x0F]),
        "frame.unknown_type")
    bad("reserved-flag-settings", "", "SETTINGS defines no flags", "client", [], bytes([0x10, 0, 0]),
        "frame.reserved_flags", awaiting_settings=True)
    bad("reserved-flag-message", "", "MESSAGE's flag 0x8 is undefined", "client", [call(1, 1)], bytes([0x82, 1, 0]),
        "frame.reserved_flags")
    bad("reserved-flag-ping", "", "PING defines only ACK (0x1)", "client", [], bytes([0x27]) + b"\x00\x08" + b"\x00" * 8,
        "frame.reserved_flags")
    bad("reserved-flag-window", "", "WINDOW defines no flags", "client", [call(1, 1)], bytes([0x16, 1, 1, 1]),
        "frame.reserved_flags")
    bad("reserved-flag-end", "", "END defines 0x1 and 0x2 only", "server", [], bytes([0x44, 1, 1, 0]),
        "frame.reserved_flags")
    bad("end-from-client", "", "only a server sends END", "client", [call(1, 1)], end(1, 0).data,
        "frame.wrong_direction")
    bad("call-from-server", "", "only a client sends CALL", "server", [], call(1, 1).data, "frame.wrong_direction")
    bad("headers-from-client", "", "only a server sends HEADERS", "client", [call(1, 1)], headers(1, []).data,
        "frame.wrong_direction")
    bad("cancel-from-server", "", "a server ends calls with END, not CANCEL", "server", [], cancel(1, 1).data,
        "frame.wrong_direction")
    bad("close-from-server", "", "only a client sends CLOSE", "server", [], close(1).data, "frame.wrong_direction")
    bad("close-with-body", "", "CLOSE has an empty body", "client", [call(1, 1)], frame(CLOSE, 0, 1, b"\x00"),
        "frame.trailing_bytes")
    bad("settings-missing", "", "the first frame after the preface is a PING, not SETTINGS", "client", [],
        ping(b"\x00" * 8).data, "settings.missing", awaiting_settings=True)
    bad("settings-repeated", "", "SETTINGS is sent once", "server", [settings([])], settings([]).data,
        "settings.repeated", awaiting_settings=True)
    bad("settings-duplicate", "", "MAX_FRAME_SIZE twice in one frame", "client", [],
        settings([(1, 16384), (1, 32768)]).data, "settings.duplicate", awaiting_settings=True)
    # §4.4: entries one by one, a repeated id before its value.
    bad("settings-bad-value-then-duplicate", "", "a bad MAX_FRAME_SIZE, then MAX_FRAME_SIZE again: the value fails first",
        "client", [], settings([(1, 1023), (1, 16384)]).data, "settings.bad_value", awaiting_settings=True)
    bad("settings-duplicate-with-bad-value", "", "MAX_FRAME_SIZE, then again with a bad value: the repeat fails first",
        "client", [], settings([(1, 16384), (1, 1023)]).data, "settings.duplicate", awaiting_settings=True)
    bad("settings-frame-size-too-small", "", "MAX_FRAME_SIZE 1023 is below the 1024 minimum", "client", [],
        settings([(1, 1023)]).data, "settings.bad_value", awaiting_settings=True)
    bad("settings-frame-size-too-large", "", "MAX_FRAME_SIZE 2^24 is above the maximum", "client", [],
        settings([(1, 2**24)]).data, "settings.bad_value", awaiting_settings=True)
    bad("settings-window-too-large", "", "INITIAL_WINDOW 2^31 is above 2^31 − 1", "server", [],
        settings([(5, 2**31)]).data, "settings.bad_value", awaiting_settings=True)
    bad("settings-window-too-small", "", "INITIAL_WINDOW 65535 is below the 65536 minimum", "client", [],
        settings([(5, 65535)]).data, "settings.bad_value", awaiting_settings=True)
    bad("settings-half-pair", "", "a setting id with no value", "client", [], frame(SETTINGS, 0, 0, varint(1)),
        "frame.truncated_body", awaiting_settings=True)
    bad("call-id-non-minimal", "", "call id 1 written as 81 00", "client", [], bytes([0x01, 0x81, 0x00, 0x01, 0x01]),
        "varint.non_minimal")
    bad("length-non-minimal", "", "body length 1 written as 81 00", "client", [], bytes([0x01, 0x01, 0x81, 0x00, 0x01]),
        "varint.non_minimal")
    bad("length-overflow", "", "body length with a fifth byte of 0x1F", "client", [call(1, 1)],
        bytes([0x02, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F]), "varint.overflow")
    bad("frame-too-large", "", "MESSAGE declares 16385 bytes; refused before any body arrives", "client",
        [call(1, 1)], bytes([0x02, 0x01]) + varint(16385), "frame.too_large")
    bad("frame-too-large-custom-limit", "", "a 1025-byte SETTINGS body against a 1024-byte limit", "client", [],
        bytes([0x00, 0x00]) + varint(1025), "frame.too_large", awaiting_settings=True, limits={"max_frame_size": 1024})
    bad("message-call-zero", "", "MESSAGE on call 0", "client", [], message(0, b"x").data, "frame.call_id_zero")
    bad("call-zero", "", "CALL on call 0", "client", [], call(0, 1).data, "frame.call_id_zero")
    bad("ping-on-call", "", "PING belongs to the connection: call id must be 0", "client", [],
        frame(PING, 0, 1, b"\x00" * 8), "frame.call_id_not_zero")
    bad("goaway-on-call", "", "GOAWAY on call 3", "server", [], frame(GOAWAY, 0, 3, b"\x00\x00"),
        "frame.call_id_not_zero")
    bad("call-id-too-large", "", "call id 2^31 is out of range", "client", [], call(2**31, 1).data,
        "frame.call_id_range")
    bad("call-id-decreasing", "", "CALL 5, then CALL 3", "client", [call(5, 1)], call(3, 1).data,
        "call.id_not_increasing")
    bad("call-id-reused", "", "CALL 1 twice", "client", [call(1, 1)], call(1, 1).data, "call.id_not_increasing")
    bad("message-unknown-call", "", "MESSAGE on call 2, which was never started", "client", [call(1, 1)],
        message(2, b"x").data, "call.unknown_id")
    bad("server-frame-unknown-call", "", "a client that started only call 1 receives a MESSAGE on call 3", "server",
        [message(1, b"one", end_stream=True)], message(3, b"x").data, "call.unknown_id", highest_call_id=1)
    bad("message-end-stream-and-more", "", "END_STREAM with MORE contradicts itself", "client", [call(1, 1)],
        bytes([(END_STREAM | MORE) << 4 | MESSAGE, 1, 0]), "frame.bad_flags")
    bad("call-deadline-missing", "", "DEADLINE flag set, but the body ends after the method id", "client", [],
        frame(CALL, DEADLINE, 1, varint(1)), "frame.truncated_body")
    bad("call-key-past-body", "", "idempotency key length 10 with 2 bytes left", "client", [],
        frame(CALL, IDEMPOTENCY, 1, varint(1) + varint(10) + b"ab"), "frame.truncated_body")
    bad("end-message-past-body", "", "status message length runs past the body", "server", [],
        frame(END, STATUS_MESSAGE, 1, varint(13) + varint(20) + b"short"), "frame.truncated_body")
    bad("goaway-truncated", "", "GOAWAY body holds only the last call id", "server", [], frame(GOAWAY, 0, 0, varint(5)),
        "frame.truncated_body")
    bad("metadata-entry-past-body", "", "metadata count 2 with only one entry", "server", [],
        frame(HEADERS, 0, 1, varint(2) + lp(b"a") + lp(b"b")), "frame.truncated_body")
    bad("window-trailing-byte", "", "a byte after WINDOW's increment", "client", [call(1, 1)],
        frame(WINDOW, 0, 1, varint(100) + b"\x00"), "frame.trailing_bytes")
    bad("cancel-trailing-byte", "", "a byte after CANCEL's status", "client", [call(1, 1)],
        frame(CANCEL, 0, 1, varint(1) + b"\x00"), "frame.trailing_bytes")
    bad("call-trailing-byte", "", "a byte after CALL's last field", "client", [],
        frame(CALL, 0, 1, varint(1) + b"\x00"), "frame.trailing_bytes")
    bad("ping-seven-bytes", "", "PING with a 7-byte body", "client", [], frame(PING, 0, 0, b"\x00" * 7),
        "ping.bad_length")
    bad("ping-nine-bytes", "", "PING ACK with a 9-byte body", "server", [], frame(PING, ACK, 0, b"\x00" * 9),
        "ping.bad_length")
    bad("window-zero", "", "a WINDOW increment of 0", "server", [], window(1, 0).data, "window.bad_increment")
    bad("window-too-large", "", "a WINDOW increment of 2^31", "client", [call(1, 1)], window(1, 2**31).data,
        "window.bad_increment")
    bad("truncated-at-close", "", "the connection closes 4 bytes into a 10-byte MESSAGE", "client", [call(1, 1)],
        bytes([0x02, 0x01, 0x0A, 0x61]), "frame.truncated")
    bad("metadata-uppercase-key", "", "key Authorization has upper-case letters: the call fails, not the connection",
        "client", [], call(1, 20, metadata=[("Authorization", b"x")]).data, "metadata.bad_key", 1)
    bad("metadata-reserved-key", "", "keys starting cd- are the protocol's", "client", [],
        call(1, 20, metadata=[("cd-version", b"1")]).data, "metadata.bad_key", 1)
    bad("metadata-empty-key", "", "an empty key", "server", [], headers(4, [("", b"x")]).data, "metadata.bad_key", 4)
    bad("metadata-space-in-key", "", "a space in a key", "server", [], end(2, 0, None, [("trace id", b"1")]).data,
        "metadata.bad_key", 2)
    bad("metadata-bad-utf8", "", "a text value that is not UTF-8 (the key lacks -bin)", "client", [],
        call(1, 20, metadata=[("note", b"\xff\xfe")]).data, "metadata.bad_value", 1)
    bad("metadata-too-large", "", "a 79-byte metadata block against a 64-byte limit", "client", [],
        call(1, 20, metadata=[("note", b"y" * 72)]).data, "metadata.too_large", 1, limits={"max_metadata_size": 64})
    bad("idempotency-key-empty", "", "an empty idempotency key", "client", [], frame(CALL, IDEMPOTENCY, 1, b"\x01\x00"),
        "call.bad_idempotency_key", 1)
    bad("idempotency-key-65-bytes", "", "a 65-byte idempotency key", "client", [], call(1, 40, key=b"k" * 65).data,
        "call.bad_idempotency_key", 1)
    bad("error-after-good-frames", "", "SETTINGS and a CALL decode; the third frame has an undefined type", "client",
        [settings([]), call(1, 1)], bytes([0x0C, 0, 0]), "frame.unknown_type", awaiting_settings=True)
    return out


FILES = {
    "varint.json": ("Varint encodings (SPEC.md §4.1), decoded alone.", varint_vectors),
    "preface.json": ("Prefaces and version negotiation (SPEC.md §3.1–§3.2).", preface_vectors),
    "frames.json": ("Valid frames of every type, alone and several to a buffer.", valid_frame_vectors),
    "frames-invalid.json": ("Malformed frames, each with its exact error.", invalid_frame_vectors),
    "compression.json": ("Compressed and fragmented messages, valid and invalid (SPEC.md §6–§7).", compression_vectors),
}


def render():
    out = {}
    for name, (description, make) in FILES.items():
        document = {"format": "chaindesk-wire-vectors/1", "description": description,
                    "dictionaries": {DICTIONARY_ID: "../dictionaries/test-v1.dict"}, "vectors": make()}
        out[name] = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    return out


def main():
    rendered = render()
    names = [v["name"] for text in rendered.values() for v in json.loads(text)["vectors"]]
    assert len(names) == len(set(names)), "vector names must be unique"
    if "--check" in sys.argv:
        stale = [n for n, text in rendered.items() if (VECTORS / n).read_text(encoding="utf-8") != text]
        if stale:
            sys.exit("stale vectors (re-run Tools/vectors/generate.py): " + ", ".join(stale))
        print("vectors up to date: %d vectors in %d files" % (len(names), len(rendered)))
        return
    VECTORS.mkdir(parents=True, exist_ok=True)
    for name, text in rendered.items():
        (VECTORS / name).write_text(text, encoding="utf-8")
    print("wrote %d vectors in %d files" % (len(names), len(rendered)))


if __name__ == "__main__":
    main()
