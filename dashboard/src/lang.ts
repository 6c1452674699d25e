/** Chinese first (the users' language); English for everyone else. */
export type Lang = 'zh' | 'en';
