/**
 * Where the reference's picture is in the found image (issue 13 item 7, decision 0021): a thin
 * outline over the preview, drawn from the region the verification stage found — the
 * reference's corners in the found image as fractions of its width and height. It lays an SVG
 * over the preview box with the picture's own proportions, so it lands where `fit="contain"`
 * placed the picture, and never catches the mouse (holding to reveal works through it).
 */
import { useEffect, useState } from 'react';

export function MatchOutline(props: { region: readonly number[]; src: string }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useEffect(() => {
    let live = true;
    const img = new window.Image();
    img.onload = () => {
      if (live) setSize({ w: img.naturalWidth, h: img.naturalHeight });
    };
    img.src = props.src;
    return () => {
      live = false;
    };
  }, [props.src]);
  if (!size || props.region.length !== 8) return null;
  const points = [0, 2, 4, 6]
    .map((i) => `${props.region[i]! * size.w},${props.region[i + 1]! * size.h}`)
    .join(' ');
  return (
    <svg
      data-testid="match-outline"
      aria-hidden
      viewBox={`0 0 ${size.w} ${size.h}`}
      preserveAspectRatio="xMidYMid meet"
      style={{
        position: 'absolute',
        inset: 0,
        width: '100%',
        height: '100%',
        pointerEvents: 'none',
      }}
    >
      <polygon
        points={points}
        fill="none"
        stroke="var(--mantine-color-orange-5)"
        strokeWidth={2}
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
