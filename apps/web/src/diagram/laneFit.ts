/**
 * How far apart the replicas' lanes are: as far as the height the page gives the diagram allows,
 * between a floor that keeps marks and labels apart and a ceiling past which lanes only drift.
 */

/** The closest lanes may be: with clients' lanes above them, or past three lanes, a little closer. */
export function minLaneGap(withClients: boolean, lanes = 3): number {
  return (withClients ? 28 : 32) - (lanes > 3 ? 4 : 0);
}
const maxLaneGap = 120;

export function fitLaneGap(
  height: number,
  lanes: number,
  margins: { readonly top: number; readonly bottom: number },
  withClients: boolean,
): number {
  const room = (height - margins.top - margins.bottom) / Math.max(lanes, 1);
  return Math.floor(Math.min(Math.max(room, minLaneGap(withClients, lanes)), maxLaneGap));
}

/** The stage's least height: every lane at its floor. */
export function minStageHeight(
  lanes: number,
  margins: { readonly top: number; readonly bottom: number },
  withClients: boolean,
): number {
  return margins.top + Math.max(lanes, 1) * minLaneGap(withClients, lanes) + margins.bottom;
}
