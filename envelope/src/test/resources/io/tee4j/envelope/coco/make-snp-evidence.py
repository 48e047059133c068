#!/usr/bin/env python3
"""Writes trustee SNP evidence JSON for a real report, as guest-components' SnpAttester would send it:
{"attestation_report": <the virtee sev crate's serde of AttestationReport>, "cert_chain": [{"cert_type", "data"}]}.
The report is decoded field by field the way the crate's Decoder does (sev 7.x, src/firmware/guest/types/snp.rs),
then serialised the way serde_json writes the derived structure (byte arrays as arrays of numbers, the bitfield
newtypes GuestPolicy/PlatformInfo/KeyInfo as numbers, Option as null, CertType as its variant name).

Usage: make-snp-evidence.py REPORT OUT CERT_TYPE=FILE...   (e.g. VCEK=vcek.der ASK=ask.der)
"""
import json, struct, sys

r = open(sys.argv[1], 'rb').read()
assert len(r) == 1184
u32 = lambda o: struct.unpack_from('<I', r, o)[0]
u64 = lambda o: struct.unpack_from('<Q', r, o)[0]
arr = lambda o, n: list(r[o:o + n])
version = u32(0)
v2 = version == 2
if v2:
    turin = r[0x1A8:0x1E0] == bytes(56)
else:
    fam, mod = r[0x188], r[0x189]
    turin = fam == 0x1A

def tcb(o):
    b = r[o:o + 8]
    if turin:
        return {'fmc': b[0], 'bootloader': b[1], 'tee': b[2], 'snp': b[3], 'microcode': b[7]}
    return {'fmc': None, 'bootloader': b[0], 'tee': b[1], 'snp': b[6], 'microcode': b[7]}

ver = lambda o: {'major': r[o + 2], 'minor': r[o + 1], 'build': r[o]}
v5 = version not in (2, 3, 4)
report = {
    'version': version, 'guest_svn': u32(4), 'policy': u64(8), 'family_id': arr(0x10, 16), 'image_id': arr(0x20, 16),
    'vmpl': u32(0x30), 'sig_algo': u32(0x34), 'current_tcb': tcb(0x38), 'plat_info': u64(0x40), 'key_info': u32(0x48),
    'report_data': arr(0x50, 64), 'measurement': arr(0x90, 48), 'host_data': arr(0xC0, 32),
    'id_key_digest': arr(0xE0, 48), 'author_key_digest': arr(0x110, 48), 'report_id': arr(0x140, 32),
    'report_id_ma': arr(0x160, 32), 'reported_tcb': tcb(0x180),
    'cpuid_fam_id': None if v2 else r[0x188], 'cpuid_mod_id': None if v2 else r[0x189],
    'cpuid_step': None if v2 else r[0x18A], 'chip_id': arr(0x1A0, 64), 'committed_tcb': tcb(0x1E0),
    'current': ver(0x1E8), 'committed': ver(0x1EC), 'launch_tcb': tcb(0x1F0),
    'launch_mit_vector': u64(0x1F8) if v5 else None, 'current_mit_vector': u64(0x200) if v5 else None,
    'signature': {'r': arr(0x2A0, 72), 's': arr(0x2A0 + 72, 72)}}
chain = []
for spec in sys.argv[3:]:
    kind, path = spec.split('=', 1)
    chain.append({'cert_type': kind, 'data': list(open(path, 'rb').read())})
json.dump({'attestation_report': report, 'cert_chain': chain or None}, open(sys.argv[2], 'w'))
