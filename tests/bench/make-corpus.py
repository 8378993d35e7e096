#!/usr/bin/env python3
"""Make a synthetic portal of Chinese Markdown documents for benchmarks.

The repository's own fallback for ../shared/bench/make-corpus.py (a clone of
this repository alone has no ../shared). Paragraphs, headings and quoted
terms come from the demo portal in content/ (original writing), recombined
into documents of about 2 to 20 KB with Hugo-compatible front matter, so the
same tree builds with portal and with Hugo. Deterministic for a given
--count and --seed.

    make-corpus.py OUT_DIR --count 10000 [--seed 1]

Writes OUT_DIR/content/{speeches,policies,cases}/NNNNNN.md.
"""
import argparse
import datetime
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "..", "content")
SECTIONS = [("speeches", 0.6), ("policies", 0.25), ("cases", 0.15)]
TOWNS = ["东风镇", "红旗镇", "向阳镇", "和平镇", "新华镇", "团结镇", "光明镇", "建设镇"]
ROLES = ["镇党委书记", "镇党委副书记", "组织委员", "宣传委员", "纪委书记", "党建办主任"]


def read_demo():
    """Headings, paragraphs and quoted terms of the demo portal's pages."""
    headings, paras, terms = [], [], set()
    for root, _, files in os.walk(DEMO):
        for name in sorted(files):
            if not name.endswith(".md") or name == "_index.md":
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            body = text.split("---", 2)[2] if text.startswith("---") else text
            for block in re.split(r"\n\s*\n", body):
                block = block.strip()
                terms.update(re.findall(r"“([^”]{2,10})”", block))
                if block.startswith("#"):
                    h = re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]\s*)", "", block.lstrip("#").strip())
                    if h:
                        headings.append(h)
                elif len(block) > 30 and not block.startswith(("-", "|", ">", "!", "<")):
                    paras.append(block.replace("\n", ""))
    if not paras or not headings:
        sys.exit(f"make-corpus: no demo pages under {DEMO}")
    return sorted(headings), sorted(paras), sorted(terms) or ["党建"]


def document(rng, material):
    headings, paras, terms = material
    x, acc, section = rng.random(), 0.0, SECTIONS[-1][0]
    for name, share in SECTIONS:
        acc += share
        if x < acc:
            section = name
            break
    town = rng.choice(TOWNS)
    date = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(11 * 365))
    topic = rng.choice(headings)[:14]
    title = {"speeches": f"在{town}{date.year}年{topic}会议上的讲话",
             "policies": f"关于{topic}的解读"}.get(section, f"{town}：{topic}的实践")
    body, size, part = [], 0, 0
    body.append("同志们：" if section == "speeches" else rng.choice(paras))
    target = rng.randint(2000, 20000)
    while size < target:
        part += 1
        body.append(f"## {'一二三四五六七八九十'[(part - 1) % 10]}、{rng.choice(headings)}")
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                body.append(f"### {rng.choice(headings)}")
            for _ in range(rng.randint(1, 3)):
                p = rng.choice(paras)
                if rng.random() < 0.15:
                    t = rng.choice(terms)
                    p = p.replace(t, f"**{t}**", 1) if t in p else f"坚持“{t}”。" + p
                body.append(p)
                size += len(p.encode("utf-8"))
            if rng.random() < 0.1:
                body.append("\n".join(f"- {rng.choice(headings)}" for _ in range(rng.randint(2, 5))))
            if section == "cases" and rng.random() < 0.2:
                rows = "\n".join(f"| {rng.choice(TOWNS)} | {rng.randint(5, 300)} | {rng.choice(terms)} |"
                                 for _ in range(rng.randint(2, 6)))
                body.append("| 单位 | 人数 | 举措 |\n| --- | ---: | --- |\n" + rows)
    front = ["---", f'title: "{title}"', f"date: {date.isoformat()}",
             f'author: "{town}{rng.choice(ROLES)}"',
             "tags: [" + ", ".join(f'"{t}"' for t in rng.sample(terms, min(len(terms), rng.randint(2, 5)))) + "]"]
    if rng.random() < 0.3:
        front.append(f'summary: "{rng.choice(paras)[:80]}"')
    front.append("---")
    return section, "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    material = read_demo()
    total = 0
    for i in range(args.count):
        section, text = document(rng, material)
        folder = os.path.join(args.out, "content", section)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:06d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    print(f"{args.count} documents, {total / 1e6:.1f} MB, in {args.out}/content", file=sys.stderr)


if __name__ == "__main__":
    main()
