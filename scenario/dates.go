package scenario

import (
	"fmt"
	"strconv"
	"time"
)

// ParseDate reads a civil date written YYYY-MM-DD.
func ParseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return Date{}, false
		}
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, false // 2024-02-30 and the like
	}
	return Date{Year: y, Month: m, Day: d}, true
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

func (d Date) time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

// DaysSince returns the number of days from start to d (negative when d is
// before start).
func (d Date) DaysSince(start Date) int {
	return int(d.time().Sub(start.time()).Hours()) / 24
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	t := d.time().AddDate(0, 0, n)
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// IsZero reports whether the date was never set.
func (d Date) IsZero() bool { return d == Date{} }

// maxDurationDays bounds what ParseDuration accepts, so that arithmetic on
// days can never overflow; the fields that take durations set tighter limits.
const maxDurationDays = 1_000_000

// ParseDuration reads a number of days written 180d, 12w, 1y (365 days) or a
// bare integer of days.
func ParseDuration(s string) (Duration, error) {
	if s == "" {
		return Duration{}, fmt.Errorf("empty duration; write 180d, 12w or 1y")
	}
	unit := 1
	num := s
	switch s[len(s)-1] {
	case 'd':
		num = s[:len(s)-1]
	case 'w':
		num, unit = s[:len(s)-1], 7
	case 'y':
		num, unit = s[:len(s)-1], 365
	}
	if num == "" || len(num) > 9 {
		return Duration{}, fmt.Errorf("%q is not a duration; write 180d, 12w, 1y or a number of days", s)
	}
	for _, c := range []byte(num) {
		if c < '0' || c > '9' {
			if c == '-' {
				return Duration{}, fmt.Errorf("duration %q is negative", s)
			}
			return Duration{}, fmt.Errorf("%q is not a duration; write 180d, 12w, 1y or a number of days", s)
		}
	}
	n, _ := strconv.Atoi(num)
	if n*unit > maxDurationDays {
		return Duration{}, fmt.Errorf("duration %q is too long (more than %d days)", s, maxDurationDays)
	}
	return Duration{Days: n * unit, Set: true}, nil
}

// String writes the duration in days ("180d"), the form Marshal uses.
func (d Duration) String() string { return strconv.Itoa(d.Days) + "d" }
