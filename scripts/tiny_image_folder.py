#!/usr/bin/env python3
"""Writes a tiny image-classification folder in ImageNet layout (DIR/CLASS/IMAGE.bmp) for trying
`sanet pretrain`: each class is its own colour and stripe direction, with per-pixel noise.
Standard library only (24-bit BMP files, which DJL's ImageFolder reads).

    python3 scripts/tiny_image_folder.py OUT [--classes 3] [--per-class 16] [--size 32] [--seed 1]
"""
import argparse
import os
import random
import struct

COLOURS = [(220, 40, 40), (40, 190, 60), (50, 60, 230), (220, 200, 40), (170, 60, 200),
           (40, 200, 200), (240, 140, 30), (120, 120, 120)]


def bmp(path, size, pixel):
    row = (3 * size + 3) // 4 * 4
    data = bytearray()
    for y in range(size - 1, -1, -1):  # BMP rows go bottom-up
        line = bytearray()
        for x in range(size):
            r, g, b = pixel(x, y)
            line += bytes((b, g, r))
        data += line + b"\0" * (row - len(line))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(data), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, size, size, 1, 24, 0, len(data), 2835, 2835, 0, 0)
    with open(path, "wb") as f:
        f.write(header + info + data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--classes", type=int, default=3)
    p.add_argument("--per-class", type=int, default=16)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    clamp = lambda v: max(0, min(255, v))
    for c in range(a.classes):
        d = os.path.join(a.out, "class%d" % c)
        os.makedirs(d, exist_ok=True)
        base = COLOURS[c % len(COLOURS)]
        for i in range(a.per_class):
            phase = rnd.randrange(8)

            def pixel(x, y):
                t = (x if c % 2 == 0 else y) + phase
                s = 1.0 if (t // 4) % 2 == 0 else 0.6
                return tuple(clamp(int(v * s) + rnd.randint(-30, 30)) for v in base)

            bmp(os.path.join(d, "img%03d.bmp" % i), a.size, pixel)
    print("wrote %d images in %d classes under %s" % (a.classes * a.per_class, a.classes, a.out))


if __name__ == "__main__":
    main()
