// Form controls shared by the views: the d1/d7/d30 window, labelled selects and the audience filters.
import type { ComponentChildren } from 'preact';
import { PERIODS, type Period, type UserRoleFilter, type UserTypeFilter } from '../api/reports';

const PERIOD_LABELS: Readonly<Record<Period, string>> = { d1: 'Last 24 hours', d7: 'Last 7 days', d30: 'Last 30 days' };
export const periodLabel = (p: Period): string => PERIOD_LABELS[p];

export function PeriodPicker({ value, onChange, name }: { readonly value: Period; readonly onChange: (p: Period) => void; readonly name: string }) {
  return (
    <fieldset class="period">
      <legend>Window</legend>
      {PERIODS.map((p) => (
        <label>
          <input type="radio" name={name} value={p} checked={p === value} onChange={() => onChange(p)} />
          <span>{PERIOD_LABELS[p]}</span>
        </label>
      ))}
    </fieldset>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function Select({
  label,
  value,
  options,
  onChange,
  children,
}: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly onChange: (value: string) => void;
  readonly children?: ComponentChildren;
}) {
  return (
    <label class="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
      {children}
    </label>
  );
}

export const ANY_YES_NO: readonly Option[] = [
  { value: '', label: 'Any' },
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

/** The two function parameters of the registration summaries (Registration and Trends tabs). */
export const USER_TYPES: readonly { value: UserTypeFilter; label: string }[] = [
  { value: 'all', label: 'All users' },
  { value: 'member', label: 'Members' },
  { value: 'guest', label: 'Guests' },
];
export const USER_ROLES: readonly { value: UserRoleFilter; label: string }[] = [
  { value: 'all', label: 'All roles' },
  { value: 'privilegedAdmin', label: 'Privileged admins' },
  { value: 'admin', label: 'Admins' },
  { value: 'user', label: 'Non-admins' },
];
