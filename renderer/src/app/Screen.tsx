import type { Route } from './navigation';
import { HomeScreen } from '../screens/home/HomeScreen';
import { NewCaseScreen } from '../screens/new-case/NewCaseScreen';
import { CaseScreen } from '../screens/case/CaseScreen';
import { FindScreen } from '../screens/find/FindScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';

/** One screen per route; each screen lives in its own folder under screens/. */
export function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'new-case':
      return <NewCaseScreen />;
    case 'case':
      // Keyed by case so opening another case starts from a clean state.
      return <CaseScreen key={route.caseId} caseId={route.caseId} />;
    case 'find':
      return <FindScreen />;
    case 'reports':
      return <ReportsScreen />;
  }
}
