/**
 * How far each seed service is from the sandbox's patients (all in Leeds), in miles, as DoS's
 * CheckCapacitySummary reports it. A service missing here has no distance, as DoS may also omit it.
 */
export const SEED_DISTANCE_MILES: Readonly<Record<string, number>> = {
  '2000012345': 1.2,
  '2000023456': 3.4,
  '2000034567': 6.8,
  '2000045678': 1.3,
  '2000056789': 3.5,
  '2000067890': 0.6,
  '2000078901': 11.9,
  '2000089012': 4.1,
  '2000090123': 0.9,
};
