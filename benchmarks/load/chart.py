"""Draws benchmarks/load.svg from a load results file (lines: cells mode connections rps p50 p99 errors)."""
import sys

rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
out = sys.argv[2]
kinds = list(dict.fromkeys(r[0] for r in rows))
modes = list(dict.fromkeys(r[1] for r in rows))
conns = list(dict.fromkeys(r[2] for r in rows))
rps = {(r[0], r[1], r[2]): float(r[3]) for r in rows}
colors = {"cooperative": "#3b7dd8", "threaded": "#e07b39", "threaded-dedicated": "#c9a227", "baseline": "#8c8c8c"}
top = max(rps.values()) * 1.1
width, height, left, bottom = 760, 330, 60, 270
group_width = (width - left - 20) / (len(kinds) * len(conns))
bar = group_width / (len(modes) + 1)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
       f'<text x="{left}" y="16" font-size="13">GET /hosts, 4 cells of 20 ms: requests/s by connections (wrk)</text>']
for tick in range(0, int(top) + 1, max(1, int(top / 5 / 100) * 100) or 1):
    y = bottom - tick / top * (bottom - 30)
    svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">{tick}</text>')
group = 0
for kind in kinds:
    for conn in conns:
        x0 = left + group * group_width + bar / 2
        for i, mode in enumerate(modes):
            value = rps.get((kind, mode, conn), 0)
            h = value / top * (bottom - 30)
            svg.append(f'<rect x="{x0 + i * bar:.1f}" y="{bottom - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="{colors.get(mode, "#555")}"><title>{kind} {mode} {conn}: {value:.0f}</title></rect>')
        svg.append(f'<text x="{x0 + bar * len(modes) / 2:.0f}" y="{bottom + 14}" text-anchor="middle">{conn}</text>')
        group += 1
    svg.append(f'<text x="{left + (group - len(conns) / 2) * group_width:.0f}" y="{bottom + 30}" text-anchor="middle" font-weight="bold">{kind} cells</text>')
for i, mode in enumerate(modes):
    svg.append(f'<rect x="{left + i * 150}" y="{height - 18}" width="10" height="10" fill="{colors.get(mode, "#555")}"/><text x="{left + i * 150 + 14}" y="{height - 9}">{mode}</text>')
svg.append('</svg>')
open(out, "w").write("\n".join(svg) + "\n")
