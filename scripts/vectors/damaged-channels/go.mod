module damagedchannels

go 1.19
