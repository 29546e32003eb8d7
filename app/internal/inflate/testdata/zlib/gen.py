#!/usr/bin/env python3
"""Writes the zlib-made DEFLATE streams TestZlibStreams decodes.

zlib (what LibreOffice, Python's zipfile and many zip tools use) makes
choices compress/flate's encoder never does: its own block splits, RLE and
FILTERED strategies, fixed-Huffman blocks, small windows, full flushes (an
empty stored block mid-stream). Run from this folder: python3 gen.py
"""
import random
import zlib

random.seed(253)
words = "<w:p> <w:r> <w:t> </w:t> </w:r> </w:p> contribution innovation focus group ITU-T TSB Geneva".split()
text = ''.join(random.choice(words) + ' ' * random.randint(0, 3) for _ in range(2500)).encode()
rnd = bytes(random.getrandbits(8) for _ in range(3000))
runs = b''.join(bytes([random.getrandbits(8)]) * random.randint(1, 300) for _ in range(120))
mixed = text[:6000] + rnd[:2000] + runs[:6000] + text[6000:12000]
samples = {'text': text, 'random': rnd, 'runs': runs, 'mixed': mixed}
strategies = {'default': zlib.Z_DEFAULT_STRATEGY, 'filtered': zlib.Z_FILTERED,
              'huffman': zlib.Z_HUFFMAN_ONLY, 'rle': zlib.Z_RLE, 'fixed': zlib.Z_FIXED}
for sname, data in samples.items():
    for stname, st in strategies.items():
        for level, wbits, mem in [(1, 15, 8), (6, 15, 8), (9, 15, 9), (9, 9, 1)]:
            if stname != 'default' and level != 6:
                continue
            c = zlib.compressobj(level, zlib.DEFLATED, -wbits, mem, st)
            half = len(data) // 2
            out = c.compress(data[:half]) + c.flush(zlib.Z_FULL_FLUSH) + c.compress(data[half:]) + c.flush()
            with open(f"{sname}-{stname}-l{level}-w{wbits}-m{mem}.deflate", 'wb') as f:
                f.write(out)
