/**
 * What every tab of the Takedowns area receives. Its own module so that the tabs need not import
 * takedowns-area.tsx, which imports them (an import circle).
 */
import type { Role } from '../../../../shared/roles';

/** What every tab receives. */
export interface TakedownTabProps {
  role: Role;
}
