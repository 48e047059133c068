# Builds a synthetic 16 KiB COCONUT-SVSM-like image for tee4j's SVSM test (deterministic).
import struct, uuid, hashlib
size = 0x4000
img = bytearray(hashlib.sha256(b"tee4j-synthetic-svsm-%d" % i).digest()[j] for i in range(size // 32) for j in range(32))
img = bytearray(img)
def g(s): return uuid.UUID(s).bytes_le
# ASEV at offset 0x2000: 4 sections
asev_off = 0x2000
secs = [(0x00F00000, 0x3000, 1), (0x00F03000, 0x1000, 2), (0x00F04000, 0x1000, 3), (0x00F05000, 0x1000, 4)]
hdr = b"ASEV" + struct.pack("<III", 16 + 12 * len(secs), 1, len(secs))
body = b"".join(struct.pack("<III", *s) for s in secs)
img[asev_off:asev_off + len(hdr) + len(body)] = hdr + body
entries = [
    (g("dc886566-984a-4798-a75e-5585a7bf67cc"), struct.pack("<I", size - asev_off)),
    (g("a789a612-0597-4c4b-a49f-cbb1fe9d1ddd"), struct.pack("<I", 0x1000)),
]
table = b""
for guid, data in entries:
    table += data + struct.pack("<H", len(data) + 18) + guid
table += struct.pack("<H", len(table) + 18) + g("96b582de-1fb2-45f7-baea-a366c55a082d")
end = size - 32
img[end - len(table):end] = table
open("svsm-synthetic-16k.bin", "wb").write(bytes(img))
