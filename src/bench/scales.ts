import { PROVINCES, type NewProvince } from './provinces.ts';

/**
 * Sizes of the benchmark dataset. `nation` is the whole party (DOMAIN.md §2: 34 provinces,
 * some 4,000 committees, 52,000 grassroots organizations, 270,000 cells, 5.6 M members);
 * `province` one province of 400,000 members (two old provinces merged in 2025); `tiny` two
 * provinces of a few thousand members, for the smoke test.
 */

export const SCALE_NAMES = ['nation', 'province', 'tiny'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export type Scale = {
  name: ScaleName;
  provinces: readonly NewProvince[];
  /** Members active today; more member records are generated (those who died or left since 2006). */
  activeMembers: number;
};

const byName = (name: string) => PROVINCES.find((p) => p.name === name) as NewProvince;

export function scaleOf(name: ScaleName): Scale {
  switch (name) {
    case 'nation': return { name, provinces: PROVINCES, activeMembers: 5_600_000 };
    case 'province': return { name, provinces: [byName('thành phố Hải Phòng')], activeMembers: 400_000 };
    case 'tiny': return { name, provinces: [byName('thành phố Hải Phòng'), byName('tỉnh Quảng Ninh')], activeMembers: 3_000 };
  }
}

/** Ratios of the real party (DOMAIN.md §2) from which each province's units follow its members. */
export const SHAPE = {
  membersPerCell: 20.7,
  cellsPerCommune: 82,
  cellsPerOtherCommittee: 385,
  cellsPerGrassroots: 5.2,
  /** District-level committees before 2025 (about 700 in the nation). */
  cellsPerDistrict: 385,
} as const;
