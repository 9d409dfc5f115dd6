int csvc_placeholder(void);
