import type { Route } from './navigation';
import { HomeScreen } from '../screens/home/HomeScreen';

/** One screen per route; each screen lives in its own folder under screens/. */
export function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'new-case':
    case 'case':
    case 'find':
    case 'reports':
      return <HomeScreen />;
  }
}
