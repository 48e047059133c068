# Independent re-computation of the KnownAnswerTest vectors with Python "cryptography" (not run by the build).
# Run: python3 check_kat.py ; every line must equal the constant of the same name in KnownAnswerTest.
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
import struct
R=lambda s,n: bytes((s+i)&0xff for i in range(n))
ROOT,SALT,NONCE,PREFIX=R(0,32),R(0x20,32),R(0x40,12),R(0x50,7)
AAD=b"tee4j kat"; PLAIN=b"sealed to this workload"
def hdr(kind, ksid, mask, versions, nonce, seg=None):
    h=b"T4JS"+bytes([1,kind,1,0,len(ksid)])+ksid+struct.pack(">H",mask)+bytes([len(versions)])
    for n,v in versions: h+=bytes([len(n)])+n+struct.pack(">Q",v)
    h+=SALT+nonce
    if seg is not None: h+=struct.pack(">I",seg)
    return h+struct.pack(">I",len(AAD))
def key(h): return HKDF(hashes.SHA384(),32,SALT,b"tee4j/sealing/key"+b"\x01"+h).derive(ROOT)
def blob(h): return h+AESGCM(key(h)).encrypt(NONCE,PLAIN,h+AAD)
print("BLOB", blob(hdr(1,b"released",0,[],NONCE)).hex())
# POLICY bit0, MEASUREMENT bit3, TCB bit5, PRIVILEGE bit7
print("VERS", blob(hdr(1,b"sev-snp/vmrk",1|8|32|128,[(b"guest_svn",2),(b"tcb_version",0x0300000000000814)],NONCE)).hex())
h=hdr(2,b"released",0,[],PREFIX,64); k=AESGCM(key(h)); pt=R(0,100); out=h
segs=[pt[0:64],pt[64:100]]
for i,s in enumerate(segs):
    last=i==len(segs)-1
    out+=k.encrypt(PREFIX+struct.pack(">I",i)+bytes([1 if last else 0]),s,h+AAD)
print("STREAM", out.hex())
# simulated key: HKDF-SHA384(seed, salt=empty, info=label||mask(u64)||vmpl(u64)||policy(u64)||measurement||tcb(u64))
info=b"tee4j simulated sealing key v1"+struct.pack(">Q",1|8|32|128)+struct.pack(">Q",0)+struct.pack(">Q",0x30000)+R(0x60,48)+struct.pack(">Q",0x0300000000000814)
print("SIMKEY", HKDF(hashes.SHA384(),32,None,info).derive(ROOT).hex())
