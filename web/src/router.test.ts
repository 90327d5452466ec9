import { describe, expect, it } from 'vitest';
import { SECTION_ROLES, SECTIONS, sectionOfPath } from './router.js';

describe('sectionOfPath', () => {
  it('reads the section of an address, with or without a trailing slash', () => {
    expect(sectionOfPath('/')).toBe('overview');
    expect(sectionOfPath('/forecast')).toBe('forecast');
    expect(sectionOfPath('/deals/')).toBe('deals');
    expect(sectionOfPath('/compensation//')).toBe('compensation');
  });

  it('has no section for any other path', () => {
    expect(sectionOfPath('/forecasts')).toBeNull();
    expect(sectionOfPath('/deals/OPP-1')).toBeNull();
    expect(sectionOfPath('/api/me')).toBeNull();
  });

  it('leaves Compensation out of revops’s sections and Users out of all but admin’s, as the API refuses them', () => {
    const sections = (role: 'admin' | 'revops' | 'finance' | 'manager' | 'rep') =>
      SECTIONS.filter((section) => SECTION_ROLES[section.id].includes(role)).map((section) => section.id);
    expect(sections('admin')).toEqual(['overview', 'forecast', 'deals', 'compensation', 'users']);
    expect(sections('revops')).toEqual(['overview', 'forecast', 'deals']);
    for (const role of ['finance', 'manager', 'rep'] as const) {
      expect(sections(role)).toEqual(['overview', 'forecast', 'deals', 'compensation']);
    }
  });

  it('reads /users as the Users section', () => {
    expect(sectionOfPath('/users')).toBe('users');
  });
});
