import { attackDelaySeconds } from '../../api/people/throttle';

describe('a username under attack slows its attackers', () => {
  test('three failures are free, then the wait doubles from 1 s up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 50].map(attackDelaySeconds)).toEqual([0, 0, 0, 1, 2, 4, 8, 32, 60, 60, 60]);
  });
});
