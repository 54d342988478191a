/** A clock that ticks once a second while `running`, for elapsed times on the run screens. */
import { useEffect, useState } from 'react';

/** The current time, refreshed every second while `running` (and once when it starts). */
export function useSecondTick(running: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
