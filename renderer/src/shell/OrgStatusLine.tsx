import { useEffect, useState } from 'react';
import type { OrgStatus } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { orgStatusText } from './org-status-text';

const REFRESH_MS = 5000;

/** One line under the header: is this desk's work in the organisation record yet? */
export function OrgStatusLine() {
  const [status, setStatus] = useState<OrgStatus | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () => {
      void workstation.org.status({}).then((result) => {
        if (live && result.ok) setStatus(result.value);
      });
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const text = status === undefined ? undefined : orgStatusText(status);
  if (text === undefined || status === undefined) return null;
  return (
    <div className={`app-org-status app-org-status--${status.state}`} role="status" data-testid="org-status">
      <div className="nhsuk-width-container">{text}</div>
    </div>
  );
}
