module labrpc/goanchor

go 1.19
