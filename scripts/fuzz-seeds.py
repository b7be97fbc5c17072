#!/usr/bin/env python3
"""Writes the seed inputs of the Jazzer fuzz tests (docs/fuzzing.md) from the test vectors under
src/test/resources/testdata. Each seed is a small real encoding, framed the way its fuzz test reads
its input (a selector byte, then the encoding). Run from the repository root; it rewrites only files
named seed-*, so kept crash inputs (crash-*, or named regression inputs) stay as they are."""
import json
import os

ROOT = "src/test/resources"
DATA = os.path.join(ROOT, "testdata")


def vec(path):
    with open(os.path.join(DATA, path)) as f:
        return json.load(f)


def unhex(s):
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


# --- minimal RLP, for building messages around real encodings --------------------------------------
def length_prefix(n, short, long_):
    if n <= 55:
        return bytes([short + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([long_ + len(b)]) + b


def rlp_bytes(b):
    if len(b) == 1 and b[0] < 0x80:
        return b
    return length_prefix(len(b), 0x80, 0xB7) + b


def rlp_int(v):
    return rlp_bytes(b"" if v == 0 else v.to_bytes((v.bit_length() + 7) // 8, "big"))


def rlp_list(*encoded):
    payload = b"".join(encoded)
    return length_prefix(len(payload), 0xC0, 0xF7) + payload


def items(rlp):
    """The encodings of the items of the list `rlp` (one level)."""
    b = rlp[0]
    off = 1 + (b - 0xF7 if b > 0xF7 else 0)
    out = []
    while off < len(rlp):
        h = rlp[off]
        if h < 0x80:
            end = off + 1
        elif h <= 0xB7:
            end = off + 1 + h - 0x80
        elif h <= 0xBF:
            k = h - 0xB7
            end = off + 1 + k + int.from_bytes(rlp[off + 1 : off + 1 + k], "big")
        elif h <= 0xF7:
            end = off + 1 + h - 0xC0
        else:
            k = h - 0xF7
            end = off + 1 + k + int.from_bytes(rlp[off + 1 : off + 1 + k], "big")
        out.append(rlp[off:end])
        off = end
    return out


def string_payload(enc):
    """The payload of an RLP string item."""
    h = enc[0]
    if h < 0x80:
        return enc
    if h <= 0xB7:
        return enc[1:]
    return enc[1 + h - 0xB7 :]


def write(test_class, method, name, data):
    pkg, cls = test_class.rsplit(".", 1)
    d = os.path.join(ROOT, pkg.replace(".", "/"), cls + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    # RLP reader: valid and invalid ethereum/tests vectors.
    valid = vec("rlp/rlptest.json")
    invalid = vec("rlp/invalidRLPTest.json")
    tree = "acceptedItemsReencodeToTheSameBytesAndRejectionsAreRlpExceptions"
    for name in ["bytestring7F", "longstring", "mediumint5", "multilist", "longList1", "listsoflists2",
                 "dictTest1", "bigint"]:
        write("io.ethfollow.rlp.RlpReaderFuzzTest", tree, name, unhex(valid[name]["out"]))
    for name in ["int32Overflow", "wrongSizeList", "bytesShouldBeSingleByte00",
                 "leadingZerosInLongLengthList1", "nonOptimalLongLengthArray1"]:
        write("io.ethfollow.rlp.RlpReaderFuzzTest", tree, name, unhex(invalid[name]["out"]))
    for name in ["longList1", "dictTest1"]:
        write("io.ethfollow.rlp.RlpReaderFuzzTest", "cursorCallsFailOnlyWithRlpException", name,
              unhex(valid[name]["out"]))

    # p2p: byte 0 = message id. The EIP-8 Hello, a Disconnect, a Ping.
    p2p = "decodedMessagesRoundTripAndRejectionsAreMessageDecodeExceptions"
    hello = unhex(vec("rlpx/hello-eip8.json")["hello_rlp"])
    write("io.ethfollow.wire.p2p.P2pCodecFuzzTest", p2p, "hello-eip8", b"\x00" + hello)
    write("io.ethfollow.wire.p2p.P2pCodecFuzzTest", p2p, "disconnect-too-many-peers",
          b"\x01" + rlp_list(rlp_int(4)))
    write("io.ethfollow.wire.p2p.P2pCodecFuzzTest", p2p, "ping", b"\x02" + rlp_list())

    # eth: byte 0 = version bit (0x80 = eth/69) | code. Messages around mainnet block 15537393.
    blk = vec("mainnet-blocks/15537393-gray_glacier.json")
    mainnet = vec("mainnet/chain.json")
    genesis = unhex(mainnet["genesis"]["hash"])
    block_hash = unhex(blk["hash"])
    eth = "decodedMessagesReencodeStablyAndRejectionsAreMessageDecodeExceptions"
    e = "io.ethfollow.wire.eth.EthCodecFuzzTest"
    fork = rlp_list(rlp_bytes(bytes.fromhex("fc64ec04")), rlp_int(1150000))
    write(e, eth, "status68", b"\x00" + rlp_list(rlp_int(68), rlp_int(1), rlp_int(17179869184),
                                                 rlp_bytes(genesis), rlp_bytes(genesis), fork))
    write(e, eth, "status69", b"\x80" + rlp_list(rlp_int(69), rlp_int(1), rlp_bytes(genesis), fork,
                                                 rlp_int(0), rlp_int(15537393), rlp_bytes(block_hash)))
    write(e, eth, "get-block-headers", b"\x83" + rlp_list(rlp_int(7), rlp_list(
        rlp_int(15537393), rlp_int(192), rlp_int(0), rlp_int(0))))
    write(e, eth, "block-headers", b"\x84" + rlp_list(rlp_int(7), rlp_list(unhex(blk["header_rlp"]))))
    write(e, eth, "get-block-bodies", b"\x85" + rlp_list(rlp_int(7), rlp_list(rlp_bytes(block_hash))))
    write(e, eth, "block-bodies", b"\x86" + rlp_list(rlp_int(7), rlp_list(unhex(blk["body_rlp"]))))
    write(e, eth, "receipts68", b"\x10" + rlp_list(rlp_int(7), rlp_list(unhex(blk["receipts_eth68_rlp"]))))
    write(e, eth, "receipts69", b"\x90" + rlp_list(rlp_int(7), rlp_list(unhex(blk["receipts_eth69_rlp"]))))
    write(e, eth, "block-range-update", b"\x91" + rlp_list(rlp_int(0), rlp_int(15537393),
                                                            rlp_bytes(block_hash)))

    # RLPx frames: the legacy-session Hello frame opens with the fuzz test's fixed secrets.
    session = vec("rlpx/legacy-session.json")["values"]
    write("io.ethfollow.rlpx.FrameDecoderFuzzTest", "rawBytesOpenOrFailOnlyWithFrameException",
          "legacy-initiator-hello", unhex(session["initiator_hello_packet"]))

    # Snappy: a literal and a literal + copy (hand-assembled per the snappy format).
    s = "io.ethfollow.rlpx.SnappyCodecFuzzTest"
    write(s, "decompressionStaysUnderTheCapAndFailsOnlyWithFrameException", "literal-hello",
          bytes([5, 0x10]) + b"hello")
    write(s, "decompressionStaysUnderTheCapAndFailsOnlyWithFrameException", "literal-and-copy",
          bytes([10, 0x00, 0x61, 0x15, 0x01]))
    write(s, "compressedPayloadsDecompressToThemselves", "hello-eip8", hello)

    # discv4: the EIP-8 packets whole (raw), and as type byte + data for the signed test.
    d = "io.ethfollow.discovery.PacketCodecFuzzTest"
    for p in vec("discv4/eip8-packets.json")["packets"]:
        datagram = unhex(p["packet"])
        write(d, "rawDatagramsAreRejectedWithoutThrowing", p["name"], datagram)
        write(d, "signedPacketsDecodeWithoutThrowingAndReencodeStably", p["name"], datagram[97:])
    enr = vec("discv4/enr-eip778.json")
    write("io.ethfollow.discovery.EnrFuzzTest", "rawRecordsDecodeOrFailWithInvalidEnrException",
          "eip778", unhex(enr["enr_rlp"]))
    # FuzzedDataProvider reads the boolean (add "enr:") from the last byte, the text from the rest.
    write("io.ethfollow.discovery.EnrFuzzTest", "textRecordsParseOrFailWithInvalidEnrException",
          "eip778", enr["enr_text"][4:].encode() + b"\x01")

    # Config: the shipped example file and a small one without addresses.
    c = "io.ethfollow.app.ConfigFileFuzzTest"
    with open("config/ethfollow.toml", "rb") as f:
        write(c, "anyFileLoadsOrFailsWithAOneLineCliException", "shipped-example", f.read())
    write(c, "anyFileLoadsOrFailsWithAOneLineCliException", "small",
          b'[chain]\nnetwork = "sepolia"\n[p2p]\nport = 0\nmax-peers = 5\ndiscovery = false\n'
          b'[log]\nformat = "json"\nlevel = "debug"\n[sync]\nstart-block = "head-1000"\n')

    # Chain decoders: byte 0 = decoder (0 block, 1 header, 2 body, 3 tx, 4 withdrawal,
    # 5 consensus receipt, 6 eth/69 receipts, 7 eth/68 receipts).
    ch = "io.ethfollow.chain.ChainDecodersFuzzTest"
    m = "decodedChainDataReencodesToItsInputAndRejectionsAreRlpExceptions"
    write(ch, m, "block-15537393", b"\x00" + unhex(blk["block_rlp"]))
    write(ch, m, "header-15537393", b"\x01" + unhex(blk["header_rlp"]))
    write(ch, m, "body-15537393", b"\x02" + unhex(blk["body_rlp"]))
    tx = items(items(unhex(blk["body_rlp"]))[0])[0]
    write(ch, m, "tx-15537393-type2", b"\x03" + string_payload(tx))
    frontier = vec("mainnet-blocks/1000001-1000010-frontier.json")["blocks"][0]
    legacy_tx = items(items(unhex(frontier["body_rlp"]))[0])[0]
    write(ch, m, "tx-legacy-1000001", b"\x03" + legacy_tx)
    with open(os.path.join(DATA, "exec-apis-prague/chain.rlp"), "rb") as f:
        chain = f.read()
    # chain.rlp is the blocks one after another: wrap them in a list to split them.
    last = items(length_prefix(len(chain), 0xC0, 0xF7) + chain)[-1]
    write(ch, m, "block-prague-45", b"\x00" + last)
    cancun = vec("mainnet-blocks/19426587-cancun.json")
    write(ch, m, "withdrawal-19426587", b"\x04" + items(items(unhex(cancun["body_rlp"]))[2])[0])
    write(ch, m, "receipt-15537393-consensus", b"\x05" + string_payload(items(unhex(blk["receipts_eth68_rlp"]))[0]))
    write(ch, m, "receipts69-15537393", b"\x06" + unhex(blk["receipts_eth69_rlp"]))
    write(ch, m, "receipts68-15537393", b"\x07" + unhex(blk["receipts_eth68_rlp"]))


if __name__ == "__main__":
    main()
