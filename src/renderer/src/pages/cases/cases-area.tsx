/** The Cases area: list → detail, and the new-case form for counsellors. */
import { useState } from 'react';
import type { Role } from '../../../../shared/roles';
import { CaseDetail } from './case-detail';
import { CaseList } from './case-list';
import { NewCaseForm } from './new-case-form';

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'case'; id: number };

export function CasesArea({ role }: { role: Role }) {
  const [view, setView] = useState<View>({ kind: 'list' });
  const list = () => setView({ kind: 'list' });
  if (view.kind === 'new')
    return <NewCaseForm onCancel={list} onCreated={(c) => setView({ kind: 'case', id: c.id })} />;
  if (view.kind === 'case') return <CaseDetail caseId={view.id} role={role} onBack={list} />;
  return (
    <CaseList
      role={role}
      onOpen={(id) => setView({ kind: 'case', id })}
      onNew={() => setView({ kind: 'new' })}
    />
  );
}
