/**
 * Contract methods of the period report (issue 8): the figures and charts of takedown work over a
 * period, on screen and as PDF, in Korean or English. Spread into `contract` in contract.ts. Staff
 * and admins report the centre's work; nothing in a report names a case or a victim.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type { PeriodReport, ReportFile } from './report-types';
import type { Role } from './roles';

const returns = <T>(): Phantom<T> => ({});
const access: readonly Role[] = ['admin', 'staff'];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** A period of whole UTC days, first and last included, at most about five years long. */
export const reportPeriodSchema = z
  .object({ from: day, to: day, language: z.enum(['ko', 'en']).default('en') })
  .strict()
  .refine((p) => !Number.isNaN(Date.parse(p.from)) && !Number.isNaN(Date.parse(p.to)), {
    message: 'not a calendar date',
    path: ['from'],
  })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 5 * 366 * 86_400_000, {
    message: 'a report covers at most five years',
    path: ['to'],
  });

export const reportsContract = {
  'reports.period': {
    summary:
      'The takedown report of a period: requests, removals, times and compliance, with charts',
    access,
    input: reportPeriodSchema,
    result: returns<PeriodReport>(),
  },
  'reports.pdf': {
    summary: 'The period report as a PDF document',
    access,
    input: reportPeriodSchema,
    result: returns<ReportFile>(),
  },
} as const;
