package dev.loadbearing;

public final class Main {
    public static void main(String[] args) {
        System.out.println("loadbearing");
    }
}
