// The executable is written in a later step.
print("csvcheck")
