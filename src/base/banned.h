/*
 * banned.h: functions retort must not use (git's banned.h).  rt.h
 * includes it after the system headers, and every source file includes
 * rt.h first.
 */
#ifndef RT_BANNED_H
#define RT_BANNED_H

#define RT_BANNED(func) sorry_##func##_is_banned_in_retort

#undef strcpy
#define strcpy(x, y) RT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) RT_BANNED(strcat)
#undef sprintf
#define sprintf(...) RT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RT_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) RT_BANNED(strtok)
#undef atoi
#define atoi(x) RT_BANNED(atoi)
#undef gets
#define gets(x) RT_BANNED(gets)

#endif
