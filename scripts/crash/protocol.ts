/** The JSON lines between the crash runner and the app child. */
export type ChildCommand = { id: number } & (
  | { op: 'open-case'; family: string }
  /** `additional`: when the case already has a booked appointment, book a second one with a reason. */
  | { op: 'book'; caseId: string; pick: number; additional: boolean }
  | { op: 'cancel'; caseId: string; pick: number }
  | { op: 'rebook'; caseId: string; pick: number; slotPick: number }
  /** "Check now" on an appointment whose answer is outstanding. */
  | { op: 'resolve'; caseId: string; pick: number }
  /** Stops the reconciler (waiting for its current check) so the runner can read a still picture. */
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'close' }
);

/** `refused`: the app answered with an error a clinician would see (e.g. "still checking"), not a crash. */
export interface ChildReply {
  id: number;
  ok: boolean;
  refused?: boolean;
  value: string;
}
