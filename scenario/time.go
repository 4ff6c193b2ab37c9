package scenario

// Date is a civil date (no time of day, no zone), as written YYYY-MM-DD.
type Date struct {
	Year, Month, Day int
}

// Duration is a whole number of days, written 180d, 12w, 1y (365d) or a bare
// integer of days.
type Duration struct {
	Days int
	Set  bool // false when the field was absent
}
